namespace Nano.Gateway.Mcp;

/// <summary>
/// How one request is served: Legacy with the version the connection negotiated by initialize, or Modern
/// (2026-07-28: stateless, everything the server needs in the request's _meta).
/// </summary>
public readonly record struct McpEra(bool IsModern, string Version)
{
    public static McpEra Modern { get; } = new(true, McpProtocolVersions.Modern);

    public static McpEra Legacy(string version) => new(false, version);

    public bool HasStructuredContent => McpProtocolVersions.HasStructuredContent(Version);

    public override string ToString() => IsModern ? $"modern {Version}" : $"legacy {Version}";
}

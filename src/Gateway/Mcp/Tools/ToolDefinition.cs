using Newtonsoft.Json.Linq;

namespace Nano.Gateway.Mcp.Tools;

/// <summary>Behaviour hints advertised as MCP tool annotations (2025-03-26 and later).</summary>
public sealed record ToolHints(bool ReadOnly, bool Destructive, bool Idempotent);

/// <summary>One tool: name, human title and description, JSON Schema for arguments and, where structured, for results.</summary>
public sealed record ToolDefinition(string Name, string Title, string Description, JObject InputSchema, JObject? OutputSchema, ToolHints Hints)
{
    /// <summary>Argument names the input schema declares; anything else is refused (-32602) to catch typos.</summary>
    public IReadOnlySet<string> ArgumentNames { get; } =
        (InputSchema["properties"] as JObject)?.Properties().Select(p => p.Name).ToHashSet(StringComparer.Ordinal) ?? [];

    /// <summary>The tools/list entry for a protocol revision: title and outputSchema only where the revision has them.</summary>
    public JObject ToJson(McpEra era)
    {
        var json = new JObject { ["name"] = Name };
        if (era.HasStructuredContent) json["title"] = Title;
        json["description"] = Description;
        json["inputSchema"] = InputSchema.DeepClone();
        if (era.HasStructuredContent && OutputSchema is not null) json["outputSchema"] = OutputSchema.DeepClone();
        if (McpProtocolVersions.HasAnnotations(era.Version))
            json["annotations"] = new JObject
            {
                ["title"] = Title,
                ["readOnlyHint"] = Hints.ReadOnly,
                ["destructiveHint"] = Hints.Destructive,
                ["idempotentHint"] = Hints.Idempotent,
                ["openWorldHint"] = false,
            };
        return json;
    }
}

namespace Nano.Gateway.Mcp.Internal;

/// <summary>MCP's syslog-style logging levels, least severe first.</summary>
internal static class LogLevels
{
    private static readonly string[] Order = ["debug", "info", "notice", "warning", "error", "critical", "alert", "emergency"];

    public static bool IsValid(string? level) => level is not null && Array.IndexOf(Order, level) >= 0;

    /// <summary>Whether a message at <paramref name="level"/> passes a minimum of <paramref name="minimum"/> (null: nothing passes).</summary>
    public static bool Passes(string level, string? minimum) =>
        minimum is not null && Array.IndexOf(Order, level) >= Array.IndexOf(Order, minimum);
}

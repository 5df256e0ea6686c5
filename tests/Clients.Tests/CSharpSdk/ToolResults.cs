using System.Text.Json;
using ModelContextProtocol.Protocol;

namespace Nano.Clients.Tests.CSharpSdk;

/// <summary>What the scenarios read out of a CallToolResult.</summary>
internal static class ToolResults
{
    public static string Text(CallToolResult result) =>
        string.Concat(result.Content.OfType<TextContentBlock>().Select(b => b.Text));

    /// <summary>The structured content, else the text parsed as JSON.</summary>
    public static JsonElement Json(CallToolResult result)
    {
        if (result.StructuredContent is { } structured) return structured;
        using var document = JsonDocument.Parse(Text(result));
        return document.RootElement.Clone();
    }

    public static string Describe(CallToolResult result) => JsonSerializer.Serialize(result);
}

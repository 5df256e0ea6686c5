using System.Text.Json;

namespace Nano.Clients.Tests.CSharpSdk;

/// <summary>Tool arguments as the SDK's CallToolRequestParams carries them (JSON elements).</summary>
internal static class ToolArguments
{
    public static Dictionary<string, JsonElement> From(IReadOnlyDictionary<string, object?> arguments) =>
        arguments.ToDictionary(a => a.Key, a => JsonSerializer.SerializeToElement(a.Value));
}

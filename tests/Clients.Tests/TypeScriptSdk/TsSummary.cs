using System.Text.Json;

namespace Nano.Clients.Tests.TypeScriptSdk;

/// <summary>A scenario script's summary, with what the script and (for stdio) the node said on stderr.</summary>
internal sealed record TsSummary(JsonElement Json, string ScriptStderr)
{
    public JsonElement this[string name] => Json.TryGetProperty(name, out var value)
        ? value
        : throw new Xunit.Sdk.XunitException($"the summary has no '{name}': {this}");

    /// <summary>The summary must say ok; otherwise the whole summary is the failure message.</summary>
    public TsSummary AssertOk()
    {
        Assert.True(Json.GetProperty("ok").GetBoolean(), ToString());
        return this;
    }

    public override string ToString() => $"{Json}\nscript stderr:\n{ScriptStderr}";
}

using System.Text.RegularExpressions;
using Nano.Gateway.Mcp;
using Nano.Gateway.Mcp.Tools;

namespace Nano.Gateway.Tests.Fuzz;

/// <summary>The fuzzed tool calls reach every tool tools/list advertises, with well-typed, ill-typed, missing and extra arguments.</summary>
public class ToolArgumentsGenSpec
{
    [Fact]
    public void The_transport_runs_call_every_listed_tool_with_every_kind_of_argument()
    {
        var listed = ToolCatalog.Default.ListResult(McpEra.Legacy(McpProtocolVersions.LatestLegacy))["tools"]!.Select(t => (string)t["name"]!).ToList();
        var calls = FuzzRun.Sample(JsonRpcGen.Params(McpMethods.ToolsCall), 5000, "tools").Select(JObjectOf).OfType<JObject>().ToList();
        foreach (var tool in listed)
        {
            var arguments = calls.Where(c => (string?)c["name"] == tool).Select(c => c["arguments"]).ToList();
            Assert.True(arguments.Count > 20, $"{tool}: {arguments.Count} calls");
            Assert.Contains(arguments, a => a is null);
            Assert.Contains(arguments, a => a is not null and not JObject);
            var schema = ToolCatalog.Default.Find(tool)!.InputSchema;
            var declared = (schema["properties"] as JObject)?.Properties().Select(p => p.Name).ToHashSet() ?? [];
            var objects = arguments.OfType<JObject>().ToList();
            Assert.Contains(objects, o => o.Properties().Any(p => !declared.Contains(p.Name)));
            foreach (var field in declared)
            {
                Assert.Contains(objects, o => o[field] is null);
                Assert.Contains(objects, o => o[field] is not null);
            }
        }
    }

    /// <summary>The params object of a generated tools/call, when it is one JSON can read (duplicate keys: the last wins).</summary>
    private static JObject? JObjectOf(string member)
    {
        try
        {
            return JObject.Parse(Regex.Replace(member, "^\"params\":", ""));
        }
        catch (Newtonsoft.Json.JsonException)
        {
            return null;
        }
    }
}

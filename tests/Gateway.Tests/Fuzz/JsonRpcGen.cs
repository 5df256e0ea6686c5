using FsCheck;
using FsCheck.Fluent;
using Nano.Gateway.Mcp;
using Nano.Gateway.Mcp.Tools;

namespace Nano.Gateway.Tests.Fuzz;

/// <summary>What a generated message is meant to be; Unknown where the text is deliberately ambiguous (duplicate keys).</summary>
public enum MessageKind { Request, Notification, Response, Invalid, NotJson, Batch, Unknown }

/// <summary>One generated frame: its JSON text and what the generator meant it to be.</summary>
public sealed record GeneratedMessage(string Json, MessageKind Kind)
{
    public override string ToString() => $"{Kind}: {Json}";
}

/// <summary>
/// Structured JSON-RPC messages: requests, notifications, responses and batches with ids of every kind, MCP methods
/// and random ones, params of random shapes (and for MCP methods, shapes close to what they take: tool calls with
/// <see cref="ToolArgumentsGen"/> arguments, _meta of both eras), and the invalid neighbours of each.
/// </summary>
public static class JsonRpcGen
{
    public static readonly string[] McpMethodNames =
    [
        McpMethods.Initialize, McpMethods.Initialized, McpMethods.Ping, McpMethods.LoggingSetLevel, McpMethods.ServerDiscover,
        McpMethods.SubscriptionsListen, McpMethods.ToolsList, McpMethods.ToolsCall, McpMethods.ResourcesList, McpMethods.ResourcesRead,
        McpMethods.ResourceTemplatesList, McpMethods.Cancelled, McpMethods.Progress, McpMethods.Message,
    ];

    /// <summary>Ids a request may carry (strings, integers, integral floats); the codec must echo them exactly.</summary>
    public static Gen<string> ValidId { get; } = Gen.Frequency(
        (4, Gen.Choose(0, 5000).Select(n => n.ToString())),
        (1, Gen.Elements("-1", "0", "9223372036854775807", "-9223372036854775808", "2.0", "1e3", "-0")),
        (4, Gen.Choose(0, 5000).Select(n => $"\"s-{n}\"")),
        (2, JsonTextGen.String));

    /// <summary>Ids JSON-RPC refuses for a request: null, fractions, out of range, objects, arrays, booleans.</summary>
    public static Gen<string> InvalidId { get; } = Gen.Elements("null", "1.5", "9223372036854775808", "{}", "[1]", "true", "{\"id\":1}");

    public static Gen<string> Method { get; } = Gen.Frequency(
        (10, Gen.Elements(McpMethodNames)),
        (2, JsonTextGen.String.Select(s => s.Trim('"'))),
        (1, Gen.Elements("rpc.discover", "tools/call/", "Initialize", "", "notifications/", "$/cancelRequest")));

    public static Gen<string> ProgressToken { get; } = Gen.Frequency(
        (4, Gen.Choose(0, 100).Select(n => n.ToString())), (3, Gen.Choose(0, 100).Select(n => $"\"p{n}\"")),
        (1, Gen.Elements("1.5", "null", "{}", "[]", "true", "\"\"")));

    public static Gen<string> Meta { get; } = Gen.Frequency(
        (4, Gen.Constant("")),
        (3, Gen.Constant($"\"_meta\":{{\"{McpMethods.MetaProtocolVersion}\":\"{McpProtocolVersions.Modern}\",\"{McpMethods.MetaClientCapabilities}\":{{}}}}")),
        (2, ProgressToken.Select(t => $"\"_meta\":{{\"progressToken\":{t}}}")),
        (1, Gen.Elements(
            $"\"_meta\":{{\"{McpMethods.MetaProtocolVersion}\":\"{McpProtocolVersions.Modern}\"}}",
            $"\"_meta\":{{\"{McpMethods.MetaProtocolVersion}\":\"2025-03-26\",\"{McpMethods.MetaClientCapabilities}\":{{}}}}",
            $"\"_meta\":{{\"{McpMethods.MetaProtocolVersion}\":7}}",
            $"\"_meta\":{{\"{McpMethods.MetaProtocolVersion}\":\"{McpProtocolVersions.Modern}\",\"{McpMethods.MetaClientCapabilities}\":{{}},\"{McpMethods.MetaLogLevel}\":\"shout\"}}",
            $"\"_meta\":{{\"{McpMethods.MetaProtocolVersion}\":\"{McpProtocolVersions.Modern}\",\"{McpMethods.MetaClientCapabilities}\":{{}},\"{McpMethods.MetaLogLevel}\":\"debug\",\"progressToken\":\"p\"}}",
            "\"_meta\":[]", "\"_meta\":null", "\"_meta\":\"x\"")));

    /// <summary>The params member ("params":...) for a method, or "" to leave it out.</summary>
    public static Gen<string> Params(string method) => ParamsByMethod.TryGetValue(method, out var gen) ? gen : ParamsOf(method);

    private static Gen<string> ParamsOf(string method)
    {
        var generic = Gen.Frequency(
            (3, Gen.Constant("")),
            (3, JsonTextGen.ObjectOf(JsonTextGen.Value(2), 4).Select(o => "\"params\":" + o)),
            (1, JsonTextGen.ArrayOf(JsonTextGen.Value(1), 3).Select(a => "\"params\":" + a)));
        var specific = method switch
        {
            McpMethods.ToolsCall => ToolCallParams,
            McpMethods.Initialize => InitializeParams,
            McpMethods.ResourcesRead => from uri in Gen.Elements("\"nano://models/zero\"", "\"nano://models/ghost\"", "\"nano://models/%zz\"", "\"file:///etc/passwd\"", "7", "\"\"")
                                        from meta in Meta
                                        select Members(("\"uri\"", uri)).Append(meta).Wrap(),
            McpMethods.LoggingSetLevel => Gen.Elements("debug", "info", "emergency", "loud", "").Select(l => $"\"params\":{{\"level\":\"{l}\"}}"),
            McpMethods.Cancelled => from id in Gen.Frequency((3, ValidId), (1, InvalidId))
                                    from reason in Gen.Frequency((2, JsonTextGen.String), (1, Gen.Constant("7")))
                                    select $"\"params\":{{\"requestId\":{id},\"reason\":{reason}}}",
            McpMethods.ToolsList or McpMethods.ResourcesList or McpMethods.ResourceTemplatesList =>
                from cursor in Gen.Elements("", "\"cursor\":null", "\"cursor\":\"abc\"", "\"cursor\":7")
                from meta in Meta
                select new[] { cursor, meta }.Wrap(),
            _ => Meta.Select(m => new[] { m }.Wrap()),
        };
        return Gen.Frequency((3, specific), (1, generic));
    }

    private static Gen<string> ToolCallParams { get; } =
        from name in ToolArgumentsGen.ToolName
        from args in ToolArgumentsGen.Arguments(ToolCatalog.Default.Find(name))
        from meta in Meta
        select Members(("\"name\"", JsonTextGen.Quote(name))).Append(args is null ? "" : "\"arguments\":" + args).Append(meta).Wrap();

    private static Gen<string> InitializeParams { get; } =
        from version in Gen.Elements("\"2025-11-25\"", "\"2025-03-26\"", "\"2024-11-05\"", "\"2025-06-18\"", "\"2026-07-28\"", "\"1999-01-01\"", "7", "null")
        from caps in Gen.Elements("{}", "{\"roots\":{}}", "[]", "null")
        from info in Gen.Elements("{\"name\":\"fuzz\",\"version\":\"1\"}", "{}", "\"x\"")
        from meta in Meta
        select Members(("\"protocolVersion\"", version), ("\"capabilities\"", caps), ("\"clientInfo\"", info)).Append(meta).Wrap();

    // Built once per MCP method: a generator graph is costly to build and cheap to run.
    private static readonly Dictionary<string, Gen<string>> ParamsByMethod = McpMethodNames.ToDictionary(m => m, ParamsOf);

    public static Gen<GeneratedMessage> Request { get; } =
        from id in ValidId
        from method in Method
        from parameters in Params(method)
        from order in Gen.Choose(0, 2)
        select new GeneratedMessage(Envelope(order, ("\"id\"", id), ("\"method\"", JsonTextGen.Quote(method)), ("", parameters)), MessageKind.Request);

    public static Gen<GeneratedMessage> Notification { get; } =
        from method in Method
        from parameters in Params(method)
        select new GeneratedMessage(Envelope(0, ("\"method\"", JsonTextGen.Quote(method)), ("", parameters)), MessageKind.Notification);

    public static Gen<GeneratedMessage> Response { get; } =
        from id in ValidId
        from body in Gen.Frequency(
            (2, JsonTextGen.Value(2).Select(v => "\"result\":" + v)),
            (1, from code in Gen.Elements("-32603", "1", "-31001", "0")
                from message in JsonTextGen.String
                select $"\"error\":{{\"code\":{code},\"message\":{message}}}"))
        select new GeneratedMessage(Envelope(1, ("\"id\"", id), ("", body)), MessageKind.Response);

    /// <summary>JSON that is not a valid message: wrong version, method types, params types, ids, result and error together.</summary>
    public static Gen<GeneratedMessage> Invalid { get; } = Gen.OneOf(
        from id in ValidId
        from version in Gen.Elements("\"1.0\"", "2", "null", "\"2.0 \"", "\"\"")
        select Make($"{{\"jsonrpc\":{version},\"id\":{id},\"method\":\"ping\"}}"),
        from id in ValidId
        from method in Gen.Elements("5", "null", "[]", "{}", "true")
        select Make($"{{\"jsonrpc\":\"2.0\",\"id\":{id},\"method\":{method}}}"),
        from id in InvalidId
        select Make($"{{\"jsonrpc\":\"2.0\",\"id\":{id},\"method\":\"ping\"}}"),
        from id in ValidId
        from p in Gen.Elements("7", "\"x\"", "true", "null")
        select Make($"{{\"jsonrpc\":\"2.0\",\"id\":{id},\"method\":\"tools/list\",\"params\":{p}}}"),
        from id in ValidId
        select Make($"{{\"jsonrpc\":\"2.0\",\"id\":{id},\"result\":1,\"error\":{{\"code\":1,\"message\":\"m\"}}}}"),
        from id in ValidId
        from error in Gen.Elements("\"boom\"", "{\"code\":\"1\",\"message\":\"m\"}", "{\"code\":1}", "{\"code\":1.5,\"message\":\"m\"}")
        select Make($"{{\"jsonrpc\":\"2.0\",\"id\":{id},\"error\":{error}}}"),
        Gen.Elements("{}", "[]", "1", "\"text\"", "null", "true", "{\"jsonrpc\":\"2.0\"}", "{\"jsonrpc\":\"2.0\",\"id\":1}").Select(Make));

    /// <summary>Text that is not JSON at all: truncated, broken strings, trailing commas, comments, NaN.</summary>
    public static Gen<GeneratedMessage> NotJson { get; } = Gen.OneOf(
        Request.Select(r => r.Json[..^1]),
        from id in ValidId
        from s in JsonTextGen.BrokenString
        select $"{{\"jsonrpc\":\"2.0\",\"id\":{id},\"method\":{s}}}",
        from id in ValidId
        from number in Gen.Elements(JsonTextGen.Overflowing)
        select $"{{\"jsonrpc\":\"2.0\",\"id\":{id},\"method\":\"ping\",\"params\":{{\"n\":{number}}}}}",
        Gen.Elements("{", "{\"a\":1,}", "[1,]", "{'jsonrpc':'2.0'}", "/* c */{}", "{}{}", "NaN", "{\"a\":Infinity}", "tru", "\"x", "{\"a\" 1}", "[1 2]", "{\"a\":01}", "{\"a\":.5}", "{\"a\":-}")
    ).Select(t => new GeneratedMessage(t, MessageKind.NotJson));

    /// <summary>Arrays of messages (MCP 2025-03-26 batches) and their degenerate forms.</summary>
    public static Gen<GeneratedMessage> Batch { get; } = Gen.Frequency(
        (5, Gen.Choose(1, 4).SelectMany(n => Gen.OneOf(Request, Notification, Response, Invalid).ListOf(n))
            .Select(items => new GeneratedMessage("[" + string.Join(",", items.Select(i => i.Json)) + "]", MessageKind.Batch))),
        (1, Gen.Constant(new GeneratedMessage("[]", MessageKind.Invalid))),
        (1, Gen.Constant(new GeneratedMessage("[[]]", MessageKind.Batch))));

    /// <summary>Edge texts: a BOM before a request, duplicate members, nesting near and past the depth limit.</summary>
    public static Gen<GeneratedMessage> Edge(int maxDepth) => Gen.OneOf(
        Request.Select(r => new GeneratedMessage("\uFEFF" + r.Json, MessageKind.Request)),
        from id in ValidId
        from other in ValidId
        select new GeneratedMessage($"{{\"jsonrpc\":\"2.0\",\"id\":{id},\"method\":\"ping\",\"id\":{other}}}", MessageKind.Unknown),
        Gen.Elements("{\"jsonrpc\":\"2.0\",\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"ping\"}",
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"method\":\"tools/list\"}").Select(t => new GeneratedMessage(t, MessageKind.Unknown)),
        from id in ValidId
        from depth in Gen.Choose(Math.Max(1, maxDepth - 4), maxDepth + 4)
        from deep in JsonTextGen.Deep(depth)
        select new GeneratedMessage($"{{\"jsonrpc\":\"2.0\",\"id\":{id},\"method\":\"tools/call\",\"params\":{{\"name\":\"generate\",\"arguments\":{{\"model\":\"zero\",\"prompt\":{deep}}}}}}}",
            MessageKind.Unknown),
        from depth in Gen.Choose(maxDepth * 2, maxDepth * 40)
        from deep in JsonTextGen.Deep(depth)
        select new GeneratedMessage(deep, MessageKind.Unknown));

    /// <summary>Any of the above, weighted toward messages the server has to act on.</summary>
    public static Gen<GeneratedMessage> Any(int maxDepth) => Gen.Frequency(
        (10, Request), (3, Notification), (2, Response), (3, Invalid), (2, NotJson), (2, Batch), (2, Edge(maxDepth)));

    private static GeneratedMessage Make(string json) => new(json, MessageKind.Invalid);

    private static string Envelope(int order, params (string Key, string Value)[] members)
    {
        var parts = new List<string> { "\"jsonrpc\":\"2.0\"" };
        parts.AddRange(members.Select(m => m.Key.Length == 0 ? m.Value : m.Key + ":" + m.Value));
        if (order == 1) parts.Reverse();
        else if (order == 2)
        {
            parts.Add(parts[0]);
            parts.RemoveAt(0);
        }
        return "{" + string.Join(",", parts.Where(p => p.Length > 0)) + "}";
    }

    private static List<string> Members(params (string Key, string Value)[] members) => members.Select(m => m.Key + ":" + m.Value).ToList();

    private static List<string> Append(this List<string> list, string member)
    {
        list.Add(member);
        return list;
    }

    /// <summary>Members as the params member text ("params":{...}).</summary>
    private static string Wrap(this IEnumerable<string> members) => "\"params\":{" + string.Join(",", members.Where(m => m.Length > 0)) + "}";
}

using System.Text;
using BenchmarkDotNet.Attributes;
using Nano.Actors.Protocol;
using Nano.Benchmarks.Support;
using Nano.Gateway.JsonRpc;
using Nano.Gateway.Mcp;
using Nano.Gateway.Mcp.Internal;
using Nano.Gateway.Mcp.Tools.Internal;
using Nano.Runtime;
using Newtonsoft.Json.Linq;

namespace Nano.Benchmarks;

/// <summary>
/// The JSON-RPC frames of one streamed generate, one at a time: parsing the tools/call request (and a batch and a
/// frame that is not JSON), writing the generate result (the response frame the session sends on Completed) and
/// writing one notifications/progress frame (the per-token frame).
/// </summary>
[Config(typeof(MicroConfig))]
[MemoryDiagnoser]
public class JsonRpcCodecBenchmarks
{
    private static readonly byte[] GenerateRequest = Encoding.UTF8.GetBytes(
        """{"jsonrpc":"2.0","id":42,"method":"tools/call","params":{"name":"generate","arguments":{"model":"zero","prompt":"Write a haiku about the sea.","max_tokens":64},"_meta":{"progressToken":42}}}""");

    private static readonly byte[] Batch = Encoding.UTF8.GetBytes(
        """[{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"generate","arguments":{"model":"zero","prompt":"hi"}}},""" +
        """{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"generate","arguments":{"model":"zero","prompt":"ho"}}},""" +
        """{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":1,"reason":"changed my mind"}}]""");

    // Cut off mid-object: the -32700 path (strict JSON check, error reply built).
    private static readonly byte[] NotJson = Encoding.UTF8.GetBytes(
        """{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"generate","arguments":{"model":"zero",""");

    private readonly JsonRpcCodec codec = new();
    private readonly ServerIdentity server = ServerIdentity.Default;
    private PendingCall call = null!;
    private Completed completed = null!;
    private ProgressWriter progress = null!;

    [GlobalSetup]
    public void Setup()
    {
        call = new PendingCall(new RequestId(42), McpEra.Legacy("2025-11-25"), "generate", 1) { RunId = "0123456789ab-1", ModelId = "zero" };
        call.Text.Append("Waves fold into foam,\nsalt wind carries gull voices —\nthe tide keeps its time.");
        completed = new Completed("0123456789ab-1", FinishReason.Stop, new Usage(12, 21),
            new RkllmPerfStats(3.25f, 12, 40.5f, 21, 512f), new RunOrigin("bench", "zero", 1, "emulator v1.3 zero-latency", false))
        {
            TimeToFirstTokenMs = 0.412,
            QueueWaitMs = 0.087,
        };
        progress = new ProgressWriter(new JValue(42L), "0123456789ab-1");
    }

    [Benchmark]
    public JsonRpcParseResult ParseGenerateRequest() => codec.Parse(GenerateRequest);

    [Benchmark]
    public JsonRpcParseResult ParseBatch() => codec.Parse(Batch);

    [Benchmark]
    public JsonRpcParseResult ParseInvalidFrame() => codec.Parse(NotJson);

    /// <summary>The result as a JObject tree (ToolResults.Generated + McpResults.Finish), then serialized.</summary>
    [Benchmark]
    public byte[] GenerateResultTree() =>
        codec.Serialize(new JsonRpcResponse(call.Id, McpResults.Finish(ToolResults.Generated(call, completed), call.Era, server)));

    /// <summary>The same frame written member by member (what the session sends since issue 8).</summary>
    [Benchmark]
    public byte[] GenerateResultWriter() =>
        Nano.Gateway.Mcp.Internal.GenerateResultWriter.Serialize(call.Id, call.Era, server, call.Text.ToString(), completed);

    [Benchmark]
    public byte[] ProgressNotification() => progress.Frame(7, " gull");
}

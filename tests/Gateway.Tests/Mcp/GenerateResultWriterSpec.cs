using System.Text;
using Nano.Actors.Protocol;
using Nano.Gateway.JsonRpc;
using Nano.Gateway.Mcp;
using Nano.Gateway.Mcp.Internal;
using Nano.Gateway.Mcp.Tools.Internal;
using Nano.Runtime;

namespace Nano.Gateway.Tests.Mcp;

/// <summary>
/// The generate result written without a tree must be byte for byte the frame the tree gives
/// (ToolResults.Generated, McpResults.Finish, JsonRpcCodec.Serialize), in every protocol era.
/// </summary>
public class GenerateResultWriterSpec
{
    private static readonly ServerIdentity Server = new("nano", "1.2.3", "nano: \"quoted\" title");

    public static TheoryData<string> Eras() => new(McpProtocolVersions.All);

    public static readonly string[] Texts =
    [
        "", "x", "Hello, world!", "line one\nline two\r\n\ttabbed", "quote \" backslash \\ slash /", "control \u0001\u001f\u007f",
        "é 漢字 😀", "lone \ud800 surrogate", "\ud800", "x\udc00", "pair split \ud83d\n\ude00", "\u0085 next line \u2028 line \u2029 paragraph \u007f", "</script> & <b>", new string('a', 5000),
    ];

    [Theory]
    [MemberData(nameof(Eras))]
    public void The_written_frame_equals_the_serialized_tree(string version)
    {
        var era = version == McpProtocolVersions.Modern ? McpEra.Modern : McpEra.Legacy(version);
        var cases = 0;
        foreach (var id in new[] { new RequestId(7), new RequestId(long.MaxValue), new RequestId("req-\"1\"") })
            foreach (var text in Texts)
                foreach (var done in Completions())
                {
                    var call = new PendingCall(id, era, "generate", 1) { RunId = done.RequestId, ModelId = done.Origin.ModelId };
                    call.Text.Append(text);
                    var expected = new JsonRpcCodec().Serialize(new JsonRpcResponse(id, McpResults.Finish(ToolResults.Generated(call, done), era, Server)));
                    var written = GenerateResultWriter.Serialize(id, era, Server, text, done);
                    Assert.Equal(Encoding.UTF8.GetString(expected), Encoding.UTF8.GetString(written));
                    Assert.Equal(expected, written);
                    cases++;
                }
        Assert.Equal(3 * Texts.Length * Completions().Count(), cases);
    }

    private static IEnumerable<Completed> Completions()
    {
        var origin = new RunOrigin("node-1", "qwen", 3, "emulator v1.3 (isolated)", Simulated: false);
        yield return new Completed("abc-1", FinishReason.Stop, new Usage(12, 21), new RkllmPerfStats(3.25f, 12, 40.5f, 21, 512f), origin)
        {
            TimeToFirstTokenMs = 0.41234,
            QueueWaitMs = 0.0871,
        };
        yield return new Completed("abc-2", FinishReason.Length, new Usage(0, 1), null, origin with { Simulated = true, ModelId = "m\"odel" })
        {
            TimeToFirstTokenMs = double.NaN,
            QueueWaitMs = 1e9 / 3,
        };
        yield return new Completed("abc-3", FinishReason.Stop, new Usage(1, 1 << 20), new RkllmPerfStats(0f, 0, 0f, 0, 0f), origin with { HandleId = int.MaxValue })
        {
            TimeToFirstTokenMs = 12,
            QueueWaitMs = -0.0,
        };
        yield return new Completed("abc-4", FinishReason.Stop, new Usage(-1, 0), new RkllmPerfStats(float.MaxValue, 1, 1e-9f, 7, 1f), origin)
        {
            TimeToFirstTokenMs = 1e21,
            QueueWaitMs = -5.5,
        };
    }
}

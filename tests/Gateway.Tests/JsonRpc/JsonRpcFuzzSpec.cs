using System.Text;
using Nano.Gateway.JsonRpc;
using Newtonsoft.Json;

namespace Nano.Gateway.Tests.JsonRpc;

/// <summary>Whatever arrives, the codec answers with a message or a spec-shaped error, and never throws.</summary>
public class JsonRpcFuzzSpec
{
    private static readonly int[] ParseCodes = [JsonRpcErrorCodes.ParseError, JsonRpcErrorCodes.InvalidRequest, JsonRpcErrorCodes.MessageTooLarge];
    private readonly JsonRpcCodec _codec = new(new JsonRpcLimits { MaxMessageBytes = 4096, MaxDepth = 16 });

    [Fact]
    public void Random_and_mutated_frames_never_throw_and_every_error_is_spec_shaped()
    {
        var count = 0;
        foreach (var frame in FuzzInput.Frames(seed: 5, FuzzInput.FrameCount))
        {
            Check(_codec.Parse(frame));
            count++;
        }
        Assert.Equal(FuzzInput.FrameCount, count);
    }

    [Fact]
    public void Huge_and_deep_frames_are_refused_with_errors()
    {
        Check(_codec.Parse(new byte[5000]));
        Check(_codec.Parse(FuzzInput.Deep(100_000)));
        Check(_codec.Parse(FuzzInput.Deep(100_000, '{', '}')));
        Check(_codec.Parse(FuzzInput.DeepObjects(1000)));
        Check(_codec.Parse(Encoding.ASCII.GetBytes("\"" + new string('a', 4000) + "\"")));
    }

    private void Check(JsonRpcParseResult result)
    {
        switch (result)
        {
            case JsonRpcInvalid invalid:
                Assert.Contains(invalid.Reply.Error.Code, ParseCodes);
                AssertErrorFrame(_codec.Serialize(invalid.Reply));
                break;
            case JsonRpcBatch batch:
                Assert.NotEmpty(batch.Items);
                foreach (var item in batch.Items) Check(item);
                break;
            case JsonRpcParsed parsed:
                // A message that parsed writes back to a frame that parses to an equal message.
                var again = Assert.IsType<JsonRpcParsed>(_codec.Parse(_codec.Serialize(parsed.Message)));
                Assert.Equal(parsed.Message.GetType(), again.Message.GetType());
                break;
            default:
                Assert.Fail($"unexpected parse result {result}");
                break;
        }
    }

    /// <summary>An error frame: jsonrpc 2.0, an id member (string, number or null), an integer code and a string message.</summary>
    public static JObject AssertErrorFrame(byte[] bytes)
    {
        Assert.True(System.Text.Unicode.Utf8.IsValid(bytes));
        Assert.DoesNotContain((byte)'\n', bytes);
        var frame = JObject.Parse(Encoding.UTF8.GetString(bytes), new JsonLoadSettings());
        Assert.Equal("2.0", (string?)frame["jsonrpc"]);
        Assert.True(frame.ContainsKey("id"));
        Assert.Contains(frame["id"]!.Type, new[] { JTokenType.Null, JTokenType.String, JTokenType.Integer });
        Assert.Equal(JTokenType.Integer, frame["error"]!["code"]!.Type);
        Assert.Equal(JTokenType.String, frame["error"]!["message"]!.Type);
        return frame;
    }
}

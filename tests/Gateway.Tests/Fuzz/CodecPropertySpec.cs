using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.FSharp.Core;
using Nano.Gateway.JsonRpc;
using Nano.Gateway.Tests.JsonRpc;

namespace Nano.Gateway.Tests.Fuzz;

/// <summary>
/// FsCheck properties of the one codec every transport shares: generated messages are read as what they were
/// built to be, nothing makes it throw, every error it writes is spec-shaped and every id comes back exactly.
/// </summary>
public class CodecPropertySpec(ITestOutputHelper output)
{
    private static readonly JsonRpcCodec Codec = new(new JsonRpcLimits { MaxMessageBytes = FuzzNode.MaxMessageBytes, MaxDepth = FuzzNode.MaxJsonDepth });
    private static readonly int[] ParseCodes = [JsonRpcErrorCodes.ParseError, JsonRpcErrorCodes.InvalidRequest, JsonRpcErrorCodes.MessageTooLarge];

    [Fact]
    public void Generated_messages_are_read_as_what_they_were_built_to_be()
    {
        Check(Prop.ForAll(JsonRpcGen.Any(FuzzNode.MaxJsonDepth).ToArbitrary(), (GeneratedMessage message) =>
        {
            var parsed = Codec.Parse(Encoding.UTF8.GetBytes(message.Json));
            switch (message.Kind)
            {
                case MessageKind.Request:
                    var request = Assert.IsType<JsonRpcRequest>(Assert.IsType<JsonRpcParsed>(parsed).Message);
                    AssertIdRoundTrips(request.Id);
                    break;
                case MessageKind.Notification:
                    Assert.IsType<JsonRpcNotification>(Assert.IsType<JsonRpcParsed>(parsed).Message);
                    break;
                case MessageKind.Response:
                    Assert.IsNotType<JsonRpcRequest>(Assert.IsType<JsonRpcParsed>(parsed).Message);
                    Assert.IsNotType<JsonRpcNotification>(((JsonRpcParsed)parsed).Message);
                    break;
                case MessageKind.Invalid:
                    Assert.Contains(Assert.IsType<JsonRpcInvalid>(parsed).Reply.Error.Code, ParseCodes);
                    break;
                case MessageKind.NotJson:
                    var invalid = Assert.IsType<JsonRpcInvalid>(parsed);
                    Assert.Equal(JsonRpcErrorCodes.ParseError, invalid.Reply.Error.Code);
                    Assert.Null(invalid.Reply.Id);
                    break;
                case MessageKind.Batch:
                    Assert.IsType<JsonRpcBatch>(parsed);
                    break;
            }
            AssertWellFormed(parsed);
        }), nameof(Generated_messages_are_read_as_what_they_were_built_to_be));
    }

    [Fact]
    public void Mutated_real_frames_never_throw_and_every_error_is_spec_shaped()
    {
        var corpus = FrameCorpus.Bytes(FrameCorpus.Mcp);
        var frames = Gen.Frequency((9, FrameMutator.Mutated(corpus)), (1, FrameMutator.Oversize(corpus, FuzzNode.MaxMessageBytes)));
        // Wrapped: FsCheck formats the arguments of every case, and a byte[] is slow to format.
        Check(Prop.ForAll(frames.Select(f => new Frame(f)).ToArbitrary(), (Frame frame) => AssertWellFormed(Codec.Parse(frame.Bytes))),
            nameof(Mutated_real_frames_never_throw_and_every_error_is_spec_shaped));
    }

    /// <summary>The answer to a request carries its id exactly as sent, whatever characters a string id holds.</summary>
    private static void AssertIdRoundTrips(RequestId id)
    {
        var answer = Codec.Parse(Codec.Serialize(new JsonRpcResponse(id, new JObject())));
        var echoed = Assert.IsType<JsonRpcResponse>(Assert.IsType<JsonRpcParsed>(answer).Message).Id;
        Assert.True(id == echoed, $"id {id} came back as {echoed}");
    }

    private static void AssertWellFormed(JsonRpcParseResult parsed)
    {
        switch (parsed)
        {
            case JsonRpcInvalid invalid:
                Assert.Contains(invalid.Reply.Error.Code, ParseCodes);
                JsonRpcFuzzSpec.AssertErrorFrame(Codec.Serialize(invalid.Reply));
                break;
            case JsonRpcBatch batch:
                Assert.NotEmpty(batch.Items);
                foreach (var item in batch.Items) AssertWellFormed(item);
                break;
            case JsonRpcParsed { Message: var message }:
                Assert.IsType<JsonRpcParsed>(Codec.Parse(Codec.Serialize(message)));
                break;
        }
    }

    private void Check(Property property, string name)
    {
        var config = Config.QuickThrowOnFailure
            .WithMaxTest(FuzzRun.Frames)
            .WithQuietOnSuccess(true)
            .WithEndSize(50)
            .WithReplay(FSharpOption<Replay>.Some(new Replay(FuzzRun.Rnd(name), FSharpOption<int>.None)));
        try
        {
            FsCheck.Check.One(config, property);
        }
        catch (Exception e)
        {
            output.WriteLine(FuzzRun.Replay(name));
            throw new Xunit.Sdk.XunitException(FuzzRun.Replay($"{name} failed") + "\n" + e);
        }
        output.WriteLine($"{FuzzRun.Frames} cases passed; {FuzzRun.Replay(name)}");
    }

    private sealed record Frame(byte[] Bytes)
    {
        public override string ToString() => Encoding.UTF8.GetString(Bytes.AsSpan(0, Math.Min(Bytes.Length, 2000)));
    }
}

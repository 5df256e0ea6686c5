using Akka.Actor;
using Akka.Configuration;
using Akka.Serialization;
using Nano.Actors.Cluster;
using Nano.Actors.Cluster.Serialization;
using Nano.Actors.Configuration;
using Nano.Actors.Protocol;
using Nano.Runtime;
using Newtonsoft.Json;

namespace Nano.Cluster.Tests;

/// <summary>
/// Every message bound to nano's binary serializer in nano.cluster.conf goes through it (not the JSON default) and
/// comes back equal, field for field; corrupt bytes are refused, not misread.
/// </summary>
public sealed class NanoMessageSerializerSpec : IDisposable
{
    private readonly ActorSystem _system = ActorSystem.Create("wire", ConfigurationFactory.ParseString("""
        akka.actor.provider = remote
        akka.remote.dot-netty.tcp { hostname = 127.0.0.1, port = 0 }
        akka.loglevel = WARNING
        """).WithFallback(NanoClusterConfig.Default));

    private readonly IActorRef _replyTo;

    public NanoMessageSerializerSpec() => _replyTo = _system.ActorOf(Props.Empty, "reply-to");

    public void Dispose() => _system.Terminate().Wait(TimeSpan.FromSeconds(10));

    public static TheoryData<string> Messages() => new(Samples(ActorRefs.Nobody).Keys);

    [Theory]
    [MemberData(nameof(Messages))]
    public void Each_hot_message_round_trips_through_the_binary_serializer(string name)
    {
        var message = Samples(_replyTo)[name];
        var back = RoundTrip(message, out var serializer);
        Assert.IsType<NanoMessageSerializer>(serializer);
        Assert.Equal(message.GetType(), back.GetType());
        Assert.Equal(Json(message), Json(back));
        if (ReplyTo(message) is { } expected) Assert.Equal(expected, ReplyTo(back));
    }

    [Fact]
    public void An_envelope_carries_a_message_of_another_serializer()
    {
        var back = Assert.IsType<ModelEnvelope>(RoundTrip(new ModelEnvelope("qwen#0", new EnsurePlaced("qwen#0")), out _));
        Assert.Equal("qwen#0", back.EntityId);
        Assert.Equal(new EnsurePlaced("qwen#0"), back.Message);
    }

    [Fact]
    public void Truncated_or_padded_bytes_are_refused()
    {
        var serializer = (SerializerWithStringManifest)_system.Serialization.FindSerializerFor(Samples(_replyTo)["completed"]);
        foreach (var (_, message) in Samples(_replyTo))
        {
            var bytes = serializer.ToBinary(message);
            var manifest = serializer.Manifest(message);
            Assert.ThrowsAny<Exception>(() => serializer.FromBinary(bytes[..^1], manifest));
            Assert.ThrowsAny<Exception>(() => serializer.FromBinary([.. bytes, 0], manifest));
        }
        Assert.ThrowsAny<Exception>(() => serializer.FromBinary([1, 2, 3], "no-such-manifest"));
    }

    private object RoundTrip(object message, out Serializer serializer)
    {
        serializer = _system.Serialization.FindSerializerFor(message);
        var bytes = serializer.ToBinary(message);
        return _system.Serialization.Deserialize(bytes, serializer.Identifier, Akka.Serialization.Serialization.ManifestFor(serializer, message));
    }

    private static Dictionary<string, object> Samples(IActorRef replyTo)
    {
        var origin = new RunOrigin("board-2", "qwen2-0.5b", 7, "sim rk3588 v1.3", Simulated: true);
        var request = new GenerateRequest
        {
            RequestId = "0123456789ab-42#1",
            ModelId = "qwen2-0.5b",
            Input = new RkllmPromptInput("Write a haiku about the sea. é 漢字 😀") { Role = "system", EnableThinking = true },
            Mode = RkllmInferMode.Generate,
            Sampling = new SamplingOverrides { TopK = 40, Temperature = 0.7f, PresencePenalty = -1.5f },
            MaxNewTokens = 128,
            LoraAdapter = "lora-a",
            PromptCache = null,
            SessionId = "session-9",
            Priority = RequestPriority.Batch,
            Timeout = TimeSpan.FromMilliseconds(1234.5678),
            FunctionTools = new FunctionToolsDefinition("tools prompt", "[{\"type\":\"function\"}]", "<tool_response>"),
            ReplyTo = replyTo,
        };
        var image = new RkllmImage([0.5f, -1f, float.Epsilon], 3, 1, 448, 448) { Start = "<img>", End = "</img>", Content = "<pad>" };
        var video = new RkllmVideo([1f, 2f], 2, 1, 1, 64, 48) { Content = "<v>" };
        return new()
        {
            ["token-chunk"] = new TokenChunk("0123456789ab-42#1", 17, " gull\n\"", 151643),
            ["completed"] = new Completed("r1", FinishReason.Length, new Usage(12, 128), new RkllmPerfStats(3.25f, 12, 40.5f, 128, 512f), origin)
            {
                TimeToFirstTokenMs = 0.412,
                QueueWaitMs = double.Epsilon,
            },
            ["completed-embedding"] = new Completed("r2", FinishReason.Stop, new Usage(4, 0), null, origin)
            {
                Vectors = [0.25f, float.NegativeInfinity, 3e38f, -0f],
                VectorWidth = 2,
            },
            ["failed"] = new Failed("r3", NanoErrorCode.NodeLost, "board-2 left the cluster mid-generation", Retriable: true),
            ["rejected"] = new Rejected("r4", NanoErrorCode.QueueFull, "the queue of model 'qwen' is full (64 waiting)", TimeSpan.FromTicks(12_345_678)),
            ["rejected-no-retry"] = new Rejected("r5", NanoErrorCode.ModelNotFound, "unknown model 'x'"),
            ["generate-prompt"] = request,
            ["generate-tokens"] = request with { Input = new RkllmTokenInput([1, 2, int.MaxValue]), Sampling = null, MaxNewTokens = null, Timeout = null },
            ["generate-embed"] = request with { Input = new RkllmEmbedInput([0.1f, 0.2f], 1), Mode = RkllmInferMode.LastHiddenLayer },
            ["generate-multimodal"] = request with { Input = new RkllmMultimodalInput("<image> what is this?", image, video) },
            ["generate-image-only"] = request with { Input = new RkllmMultimodalInput("<image>", image) },
            ["cancel"] = new CancelRequest("qwen2-0.5b", "r6"),
            ["accepted"] = new RequestAccepted("r7", "board-3"),
            ["envelope"] = new ModelEnvelope("qwen2-0.5b#1", request),
        };
    }

    private static IActorRef? ReplyTo(object message) => message switch
    {
        GenerateRequest g => g.ReplyTo,
        ModelEnvelope { Message: GenerateRequest g } => g.ReplyTo,
        _ => null,
    };

    /// <summary>Every field but the actor reference (compared on its own), arrays included, as JSON.</summary>
    private static string Json(object message) => JsonConvert.SerializeObject(message switch
    {
        GenerateRequest g => g with { ReplyTo = null! },
        ModelEnvelope { Message: GenerateRequest g } e => e with { Message = g with { ReplyTo = null! } },
        _ => message,
    }, new JsonSerializerSettings { TypeNameHandling = TypeNameHandling.All, ReferenceLoopHandling = ReferenceLoopHandling.Ignore });
}

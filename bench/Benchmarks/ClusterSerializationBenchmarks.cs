using Akka.Actor;
using Akka.Configuration;
using Akka.Serialization;
using BenchmarkDotNet.Attributes;
using Nano.Actors.Cluster;
using Nano.Actors.Cluster.Serialization;
using Nano.Actors.Protocol;
using Nano.Benchmarks.Support;
using Nano.Runtime;

namespace Nano.Benchmarks;

/// <summary>
/// One remote message serialized and deserialized (ToBinary + FromBinary), by Akka's default JSON serializer
/// (what the cluster used before issue 8) and by nano's binary serializer, in one run: the hot cross-node messages.
/// </summary>
[Config(typeof(MicroConfig))]
[MemoryDiagnoser]
public class ClusterSerializationBenchmarks
{
    [Params("TokenChunk", "Completed", "Failed", "Rejected", "GenerateRequest")]
    public string Message { get; set; } = "TokenChunk";

    [Params("json", "nano")]
    public string Serializer { get; set; } = "json";

    private ActorSystem system = null!;
    private Serializer serializer = null!;
    private object message = null!;
    private string manifest = "";

    [GlobalSetup]
    public void Setup()
    {
        system = ActorSystem.Create("wire", ConfigurationFactory.ParseString("""
            akka.actor.provider = remote
            akka.remote.dot-netty.tcp { hostname = 127.0.0.1, port = 0 }
            akka.loglevel = WARNING
            """).WithFallback(NanoClusterConfig.Default));
        var extended = (ExtendedActorSystem)system;
        serializer = Serializer == "json" ? new NewtonSoftJsonSerializer(extended) : new NanoMessageSerializer(extended);
        var origin = new RunOrigin("board-2", "qwen2-0.5b", 7, "sim rk3588 v1.3", Simulated: true);
        message = Message switch
        {
            "TokenChunk" => new TokenChunk("0123456789ab-42#1", 17, " gull", 151643),
            "Completed" => new Completed("0123456789ab-42#1", FinishReason.Stop, new Usage(12, 64), new RkllmPerfStats(3.25f, 12, 40.5f, 64, 512f), origin)
            {
                TimeToFirstTokenMs = 146.2,
                QueueWaitMs = 0.8,
            },
            "Failed" => new Failed("0123456789ab-42#1", NanoErrorCode.NodeLost, "board-2 left the cluster mid-generation", Retriable: true),
            "Rejected" => new Rejected("0123456789ab-42#1", NanoErrorCode.QueueFull, "the queue of model 'qwen2-0.5b' is full (64 waiting)", TimeSpan.FromMilliseconds(850)),
            _ => new ModelEnvelope("qwen2-0.5b#1", new GenerateRequest
            {
                RequestId = "0123456789ab-42#1",
                ModelId = "qwen2-0.5b",
                Input = new RkllmPromptInput("Write a haiku about the sea."),
                MaxNewTokens = 64,
                SessionId = "session-9",
                ReplyTo = system.ActorOf(Props.Empty, "tracker"),
            }),
        };
        manifest = Akka.Serialization.Serialization.ManifestFor(serializer, message);
    }

    [GlobalCleanup]
    public void Cleanup() => system.Terminate().Wait(TimeSpan.FromSeconds(10));

    [Benchmark]
    public object RoundTrip()
    {
        var bytes = serializer.ToBinary(message);
        return serializer is SerializerWithStringManifest named ? named.FromBinary(bytes, manifest) : serializer.FromBinary(bytes, message.GetType());
    }

    /// <summary>Bytes on the wire for the message (`profile wire` prints them; not a benchmark).</summary>
    public int WireBytes() => serializer.ToBinary(message).Length;
}

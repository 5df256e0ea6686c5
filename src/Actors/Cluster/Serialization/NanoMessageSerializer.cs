using Akka.Actor;
using Akka.Serialization;
using Nano.Actors.Cluster.Serialization.Internal;
using Nano.Actors.Protocol;

namespace Nano.Actors.Cluster.Serialization;

/// <summary>
/// Binary wire format for the messages every remote request carries (bound in hocon/nano.cluster.conf): the request
/// and its envelope into the shard region, and the token chunks and final answers coming back. Akka's default JSON
/// serializer cost ~16 µs per remote TokenChunk; these are fixed-layout fields (see <see cref="NanoWire"/>). Other
/// cluster messages (status, placement, reports) are rare and stay on the default serializer.
/// </summary>
public sealed class NanoMessageSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    /// <summary>Akka reserves 0-100; any fixed number above identifies this format on the wire.</summary>
    public const int Id = 7311;

    private const string TokenChunkManifest = "tc";
    private const string CompletedManifest = "co";
    private const string FailedManifest = "fa";
    private const string RejectedManifest = "rj";
    private const string GenerateRequestManifest = "gr";
    private const string CancelRequestManifest = "cr";
    private const string RequestAcceptedManifest = "ra";
    private const string ModelEnvelopeManifest = "me";

    public override int Identifier => Id;

    public override string Manifest(object o) => o switch
    {
        TokenChunk => TokenChunkManifest,
        Completed => CompletedManifest,
        Failed => FailedManifest,
        Rejected => RejectedManifest,
        GenerateRequest => GenerateRequestManifest,
        CancelRequest => CancelRequestManifest,
        RequestAccepted => RequestAcceptedManifest,
        ModelEnvelope => ModelEnvelopeManifest,
        _ => throw new ArgumentException($"{GetType().Name} cannot serialize {o.GetType()}", nameof(o)),
    };

    public override byte[] ToBinary(object obj)
    {
        var wire = new WireWriter();
        switch (obj)
        {
            case TokenChunk m:
                NanoWire.Write(wire, m);
                break;
            case Completed m:
                NanoWire.Write(wire, m);
                break;
            case Failed m:
                NanoWire.Write(wire, m);
                break;
            case Rejected m:
                NanoWire.Write(wire, m);
                break;
            case GenerateRequest m:
                NanoWire.Write(wire, m, Akka.Serialization.Serialization.SerializedActorPath(m.ReplyTo));
                break;
            case CancelRequest m:
                wire.String(m.ModelId);
                wire.String(m.RequestId);
                break;
            case RequestAccepted m:
                wire.String(m.RequestId);
                wire.String(m.Node);
                break;
            case ModelEnvelope m:
                WriteEnvelope(wire, m);
                break;
            default:
                throw new ArgumentException($"{GetType().Name} cannot serialize {obj.GetType()}", nameof(obj));
        }
        return wire.ToArray();
    }

    public override object FromBinary(byte[] bytes, string manifest)
    {
        var wire = new WireReader(bytes);
        object message = manifest switch
        {
            TokenChunkManifest => NanoWire.ReadTokenChunk(ref wire),
            CompletedManifest => NanoWire.ReadCompleted(ref wire),
            FailedManifest => NanoWire.ReadFailed(ref wire),
            RejectedManifest => NanoWire.ReadRejected(ref wire),
            GenerateRequestManifest => NanoWire.ReadGenerateRequest(ref wire, path => system.Provider.ResolveActorRef(path)),
            CancelRequestManifest => new CancelRequest(wire.RequiredString(), wire.RequiredString()),
            RequestAcceptedManifest => new RequestAccepted(wire.RequiredString(), wire.RequiredString()),
            ModelEnvelopeManifest => ReadEnvelope(ref wire),
            _ => throw new System.Runtime.Serialization.SerializationException($"{GetType().Name}: unknown manifest '{manifest}'"),
        };
        if (!wire.AtEnd) throw new System.Runtime.Serialization.SerializationException($"{GetType().Name}: bytes left after a '{manifest}' message");
        return message;
    }

    /// <summary>The envelope's message goes through whatever serializer Akka binds to its type (usually this one).</summary>
    private void WriteEnvelope(WireWriter wire, ModelEnvelope envelope)
    {
        var serializer = system.Serialization.FindSerializerFor(envelope.Message);
        wire.String(envelope.EntityId);
        wire.Int32(serializer.Identifier);
        wire.String(Akka.Serialization.Serialization.ManifestFor(serializer, envelope.Message));
        wire.Bytes(serializer.ToBinary(envelope.Message));
    }

    private ModelEnvelope ReadEnvelope(ref WireReader wire)
    {
        var entityId = wire.RequiredString();
        var serializerId = wire.Int32();
        var manifest = wire.String() ?? "";
        var payload = wire.Bytes();
        return new ModelEnvelope(entityId, system.Serialization.Deserialize(payload, serializerId, manifest));
    }
}

using Nano.Gateway.JsonRpc;

namespace Nano.Gateway.Mcp.Internal;

/// <summary>Gathers the answers of one JSON-RPC batch (2025-03-26) until every request in it is answered or dropped.</summary>
internal sealed class BatchCollector
{
    private readonly HashSet<RequestId> _pending = [];
    private readonly List<byte[]> _answers = [];

    public bool Sealed { get; set; }

    public void Expect(RequestId id) => _pending.Add(id);

    public void Add(byte[] answer) => _answers.Add(answer);

    public void Answer(RequestId id, byte[] answer)
    {
        _pending.Remove(id);
        _answers.Add(answer);
    }

    public void Drop(RequestId id) => _pending.Remove(id);

    /// <summary>The batch's answer once complete: null while waiting, or when there is nothing to send (only notifications).</summary>
    public byte[]? TryComplete() => Sealed && _pending.Count == 0 && _answers.Count > 0 ? JsonRpcCodec.SerializeBatch(_answers) : null;

    public bool IsDone => Sealed && _pending.Count == 0;
}

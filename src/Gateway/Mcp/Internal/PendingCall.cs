using System.Diagnostics;
using System.Text;
using Nano.Gateway.JsonRpc;
using Nano.Gateway.Mcp.Tools.Internal;

namespace Nano.Gateway.Mcp.Internal;

/// <summary>A request the session is waiting on the pool for. Actor-private state, touched only on the session's thread.</summary>
internal sealed class PendingCall(RequestId id, McpEra era, string tool, long sequence)
{
    public RequestId Id { get; } = id;
    public McpEra Era { get; } = era;
    public string Tool { get; } = tool;
    /// <summary>Tells a late answer to an earlier request with the same JSON-RPC id apart from this one's.</summary>
    public long Sequence { get; } = sequence;
    /// <summary>Stopwatch timestamp of arrival, for the request duration metric.</summary>
    public long Started { get; } = Stopwatch.GetTimestamp();
    /// <summary>The pool's request id of a generate or embeddings run.</summary>
    public string? RunId { get; init; }
    public string? ModelId { get; init; }
    public GenerateCall? Generate { get; init; }
    public ProgressWriter? Progress { get; init; }
    /// <summary>Minimum level of notifications/message for this request, or null for none.</summary>
    public string? LogLevel { get; init; }
    public StringBuilder Text { get; } = new();
    public long Chunks { get; set; }
    /// <summary>The client's concurrency slot (nano.gateway.limits.max-concurrent), released when the call ends.</summary>
    public IDisposable? Lease { get; set; }
}

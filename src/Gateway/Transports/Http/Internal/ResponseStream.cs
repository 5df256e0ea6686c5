using System.Threading.Channels;

namespace Nano.Gateway.Transports.Http.Internal;

/// <summary>
/// The meeting point of one HTTP response and the transport actor serving it: the actor admits (or refuses) the
/// request and writes the messages for it; the request's handler reads them and writes them out as JSON or SSE.
/// Created by the handler; the actor only ever writes, the handler only ever reads.
/// </summary>
internal sealed class ResponseStream
{
    private static long _lastId;
    private readonly TaskCompletionSource<Admission> _admission = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Channel<StreamEvent> _events = Channel.CreateUnbounded<StreamEvent>(
        new UnboundedChannelOptions { SingleReader = true, SingleWriter = true, AllowSynchronousContinuations = false });

    /// <summary>Unique in the process, so event ids built from it are unique in every session.</summary>
    public long Id { get; } = Interlocked.Increment(ref _lastId);

    public Task<Admission> Admission => _admission.Task;
    public ChannelReader<StreamEvent> Events => _events.Reader;

    /// <summary>Actor side: the request was taken (and which session serves it), or why not.</summary>
    public void Admit(Admission admission) => _admission.TrySetResult(admission);

    /// <summary>Actor side: false once the handler is gone (the stream was completed).</summary>
    public bool TryWrite(StreamEvent item) => _events.Writer.TryWrite(item);

    /// <summary>Actor side: no more messages on this response (session ended, stream taken over or done).</summary>
    public void Complete() => _events.Writer.TryComplete();
}

/// <summary>
/// The actor's answer to a request before any message flows. For an accepted legacy request: the session, the
/// SSE stream the response reads (a resumed stream keeps its first id) and the session's negotiated revision.
/// </summary>
internal sealed record Admission(AdmissionOutcome Outcome, string? SessionId = null, long StreamId = 0, string? Version = null)
{
    public static readonly Admission SessionNotFound = new(AdmissionOutcome.SessionNotFound);
    public static readonly Admission DuplicateRequestId = new(AdmissionOutcome.DuplicateRequestId);
    public static readonly Admission UnknownEventId = new(AdmissionOutcome.UnknownEventId);
    public static readonly Admission BatchNotAllowed = new(AdmissionOutcome.BatchNotAllowed);
}

internal enum AdmissionOutcome
{
    Accepted,
    SessionNotFound,
    /// <summary>A request with this id is still running in the session.</summary>
    DuplicateRequestId,
    /// <summary>Last-Event-ID names no stream this session still keeps.</summary>
    UnknownEventId,
    /// <summary>A JSON-RPC batch in a session whose revision has none (only 2025-03-26 has batches).</summary>
    BatchNotAllowed,
}

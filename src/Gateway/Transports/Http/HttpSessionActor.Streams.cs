using Akka.Actor;
using Akka.Event;
using Nano.Gateway.Mcp;
using Nano.Gateway.Transports.Http.Internal;

namespace Nano.Gateway.Transports.Http;

// The session's SSE streams: the standalone GET stream, resumption with Last-Event-ID, and what a broken stream costs.
internal sealed partial class HttpSessionActor
{
    private void Listen(SessionListen listen)
    {
        if (listen.LastEventId is { } last)
        {
            if (!_streams.TryGetValue(last.Stream, out var resumed))
            {
                listen.Stream.Admit(Admission.UnknownEventId);
                return;
            }
            Timers.Cancel(resumed.Id);
            resumed.Attach(listen.Stream, last.Sequence);
            listen.Stream.Admit(new Admission(AdmissionOutcome.Accepted, _sessionId, resumed.Id, _version));
            return;
        }
        // A new GET takes the session stream over: the client may see its old connection broken long before the
        // server does (half-open TCP), and its reconnection must not be refused meanwhile. One stream at a time still.
        if (_standalone is not null)
        {
            _standalone.Reader?.Complete();
            _streams.Remove(_standalone.Id);
        }
        _standalone = new SessionStream(listen.Stream.Id, _settings.ReplayEvents);
        _standalone.Attach(listen.Stream, 0);
        _streams[_standalone.Id] = _standalone;
        listen.Stream.Admit(new Admission(AdmissionOutcome.Accepted, _sessionId, _standalone.Id, _version));
    }

    private void StreamClosed(SessionStreamClosed closed)
    {
        if (!_streams.TryGetValue(closed.StreamId, out var stream)) return;
        stream.Detach(closed.Reader);
        if (stream.Reader is not null) return; // another response took the stream over
        // Without an event id (a JSON answer, or gone before the first event) nothing can resume the stream: its
        // requests are cancelled at once. A streamed one is kept a while even when fully written, since written is
        // not received: the client may have gone just before.
        if (!closed.Resumable)
        {
            if (stream.Pending.Count > 0) Cancel(stream);
            _streams.Remove(stream.Id);
            return;
        }
        if (stream.Pending.Count > 0) Timers.StartSingleTimer(stream.Id, new ResumeExpired(stream.Id), _settings.ResumeGrace);
        TrimDetached();
    }

    private void Expire(ResumeExpired expired)
    {
        if (_streams.TryGetValue(expired.StreamId, out var stream) && stream.Reader is null) Cancel(stream);
    }

    /// <summary>Nobody can read the stream's answers any more: its requests are cancelled (the core answers nothing).</summary>
    private void Cancel(SessionStream stream)
    {
        _log.Debug("Session {SessionId}: stream {StreamId} was not resumed; cancelling {Count} request(s)", _sessionId, stream.Id, stream.Pending.Count);
        foreach (var id in stream.Pending)
        {
            _byRequest.Remove(id);
            _core.Tell(new RequestStreamClosed(id));
        }
        stream.Pending.Clear();
        stream.Finish();
    }

    private void TrimDetached()
    {
        var detached = _streams.Values.Where(s => s.Reader is null && s != _standalone).OrderBy(s => s.Pending.Count > 0).ThenBy(s => s.Id).ToList();
        for (var i = 0; i < detached.Count - _settings.MaxDetachedStreams; i++)
        {
            if (detached[i].Pending.Count > 0) Cancel(detached[i]);
            _streams.Remove(detached[i].Id);
        }
    }
}

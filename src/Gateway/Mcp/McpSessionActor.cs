using Nano.Actors.Cluster;
using System.Diagnostics;
using Akka.Actor;
using Akka.Event;
using Nano.Actors.Protocol;
using Nano.Gateway.JsonRpc;
using Nano.Gateway.Mcp.Internal;
using Nano.Gateway.Security;
using Newtonsoft.Json.Linq;

namespace Nano.Gateway.Mcp;

/// <summary>
/// The transport-agnostic MCP protocol core: one per connection (TCP, WebSocket, stdio, UDP peer) or HTTP session.
/// It reads frames (<see cref="InboundMessage"/>), serves both protocol eras (legacy initialize/negotiation and
/// stateless 2026-07-28 per request), turns tool calls into actor messages to the model router with itself as
/// ReplyTo, streams progress per token chunk and answers with <see cref="OutboundMessage"/> frames to its transport
/// (the parent unless one is given). Runs still going when the transport closes or the session stops are cancelled.
/// </summary>
public sealed partial class McpSessionActor : ReceiveActor, IWithTimers
{
    private readonly McpServerContext _context;
    private readonly IActorRef? _transport;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    // Prefix of the pool request ids this session makes: unique per session, short enough for logs.
    private readonly string _runPrefix = Guid.NewGuid().ToString("N")[..12];
    private readonly Dictionary<RequestId, PendingCall> _calls = new();
    private readonly Dictionary<string, RequestId> _callByRun = new(StringComparer.Ordinal);
    private readonly Dictionary<RequestId, BatchCollector> _batchOf = new();
    private long _sequence;
    private long _lastActivity = Stopwatch.GetTimestamp();
    /// <summary>The legacy revision negotiated by initialize on this connection, if any.</summary>
    private string? _legacyVersion;
    /// <summary>Legacy logging/setLevel; null sends no notifications/message.</summary>
    private string? _legacyLogLevel;
    /// <summary>The input ended: tell the transport once nothing is left to answer.</summary>
    private bool _draining;

    public McpSessionActor(McpServerContext context, IActorRef? transport, Caller? caller)
    {
        _context = context;
        _transport = transport;
        _caller = caller ?? context.Access.Anonymous("unknown");
        Receive<CallerIdentified>(m => _caller = m.Caller);
        Receive<InboundMessage>(m => OnFrame(_context.Codec.Parse(m.Frame.Span)));
        Receive<InboundParsed>(m => OnFrame(m.Parsed));
        Receive<FrameTooLarge>(OnFrameTooLarge);
        Receive<RequestStreamClosed>(m => Cancel(m.Id, "its stream closed"));
        Receive<TransportClosed>(_ =>
        {
            CancelAll("the transport closed");
            Context.Stop(Self);
        });
        Receive<InputCompleted>(_ =>
        {
            _draining = true;
            CheckDrained();
        });
        Receive<TokenChunk>(OnChunk);
        Receive<Completed>(OnCompleted);
        Receive<Failed>(OnFailed);
        Receive<Rejected>(OnRejected);
        Receive<CommandAnswered>(OnCommandAnswered);
        Receive<AdminAnswered>(OnAdminAnswered);
        Receive<StatusAnswered>(OnStatusAnswered);
        Receive<ClusterStatusAnswered>(OnClusterStatusAnswered);
        Receive<AskFailed>(OnAskFailed);
        Receive<IdleCheck>(_ => OnIdleCheck());
    }

    public ITimerScheduler Timers { get; set; } = null!;

    /// <param name="context">The node's shared gateway context (router, limits, models, codec).</param>
    /// <param name="transport">Where frames go; null: the parent (a transport actor creating the session as its child).</param>
    /// <param name="caller">Who is connected (address; trusted for stdio); null: anonymous until <see cref="CallerIdentified"/>.</param>
    public static Props Props(McpServerContext context, IActorRef? transport = null, Caller? caller = null) =>
        Akka.Actor.Props.Create(() => new McpSessionActor(context, transport, caller));

    private IActorRef Transport => _transport ?? Context.Parent;

    protected override void PreStart()
    {
        var period = TimeSpan.FromTicks(Math.Max(TimeSpan.FromMilliseconds(50).Ticks, _context.Settings.IdleTimeout.Ticks / 4));
        Timers.StartPeriodicTimer(IdleCheck.Instance, IdleCheck.Instance, period);
    }

    protected override void PostStop() => CancelAll("the session stopped");

    // ---- frames in ----

    private void OnFrame(JsonRpcParseResult parsed)
    {
        _lastActivity = Stopwatch.GetTimestamp();
        switch (parsed)
        {
            case JsonRpcInvalid invalid:
                SendFrame(_context.Codec.Serialize(invalid.Reply), OutboundKind.Response, invalid.Reply.Id);
                break;
            case JsonRpcParsed { Message: var message }:
                OnMessage(message);
                break;
            case JsonRpcBatch batch:
                OnBatch(batch);
                break;
        }
    }

    private void OnMessage(JsonRpcMessage message)
    {
        switch (message)
        {
            case JsonRpcRequest request:
                OnRequest(request);
                break;
            case JsonRpcNotification notification:
                OnNotification(notification);
                break;
            default:
                // nano sends no requests, so a response from the client answers nothing.
                _log.Debug("Ignoring a response from the client: {Message}", message);
                break;
        }
    }

    private void OnBatch(JsonRpcBatch batch)
    {
        if (_legacyVersion is not { } version || !McpProtocolVersions.AllowsBatches(version))
        {
            var why = _legacyVersion is null
                ? "JSON-RPC batches need protocol version 2025-03-26, negotiated by initialize first"
                : $"JSON-RPC batches are not part of protocol version {_legacyVersion} (only 2025-03-26)";
            SendFrame(_context.Codec.Serialize(JsonRpcCodec.Error(null, JsonRpcErrorCodes.InvalidRequest, $"Invalid Request: {why}")), OutboundKind.Response, null);
            return;
        }
        var collector = new BatchCollector();
        foreach (var item in batch.Items)
        {
            switch (item)
            {
                case JsonRpcInvalid invalid:
                    collector.Add(_context.Codec.Serialize(invalid.Reply));
                    break;
                case JsonRpcParsed { Message: JsonRpcRequest { Method: McpMethods.Initialize } init }:
                    collector.Add(_context.Codec.Serialize(JsonRpcCodec.Error(init.Id, JsonRpcErrorCodes.InvalidRequest,
                        "Invalid Request: initialize must not be part of a batch")));
                    break;
                case JsonRpcParsed { Message: JsonRpcRequest request } when _calls.ContainsKey(request.Id) || _batchOf.ContainsKey(request.Id):
                    collector.Add(_context.Codec.Serialize(JsonRpcCodec.Error(request.Id, JsonRpcErrorCodes.InvalidRequest,
                        $"Invalid Request: id {request.Id} is already used by a request in progress")));
                    break;
                case JsonRpcParsed { Message: JsonRpcRequest request }:
                    collector.Expect(request.Id);
                    _batchOf[request.Id] = collector;
                    OnRequest(request);
                    break;
                case JsonRpcParsed { Message: var message }:
                    OnMessage(message);
                    break;
            }
        }
        collector.Sealed = true;
        FlushBatch(collector);
    }

    private void OnFrameTooLarge(FrameTooLarge tooLarge)
    {
        _lastActivity = Stopwatch.GetTimestamp();
        var limit = tooLarge.Limit ?? _context.Settings.MaxMessageBytes;
        var error = JsonRpcCodec.Error(null, JsonRpcErrorCodes.MessageTooLarge,
            $"Message too large: {tooLarge.Bytes} bytes exceed the limit of {limit}",
            new JObject { ["max_bytes"] = limit, ["bytes"] = tooLarge.Bytes });
        SendFrame(_context.Codec.Serialize(error), OutboundKind.Response, null);
    }

    // ---- frames out ----

    private void Reply(RequestId id, McpEra era, JObject result) =>
        SendAnswer(id, _context.Codec.Serialize(new JsonRpcResponse(id, McpResults.Finish(result, era, _context.Server))));

    private void ReplyError(RequestId id, int code, string message, JToken? data = null) =>
        SendAnswer(id, _context.Codec.Serialize(JsonRpcCodec.Error(id, code, message, data)));

    /// <summary>The one answer to a request: into its batch when it came in one, else to the transport.</summary>
    private void SendAnswer(RequestId id, byte[] frame)
    {
        if (_batchOf.Remove(id, out var batch))
        {
            batch.Answer(id, frame);
            FlushBatch(batch);
            CheckDrained();
            return;
        }
        SendFrame(frame, OutboundKind.Response, id);
        CheckDrained();
    }

    private void CheckDrained()
    {
        if (!_draining || _calls.Count > 0 || _batchOf.Count > 0) return;
        _draining = false;
        Transport.Tell(SessionDrained.Instance, Self);
    }

    private void FlushBatch(BatchCollector batch)
    {
        if (batch.TryComplete() is { } frame) SendFrame(frame, OutboundKind.BatchResponse, null);
    }

    private void SendFrame(byte[] frame, OutboundKind kind, RequestId? related) => Transport.Tell(new OutboundMessage(frame, kind, related), Self);

    /// <summary>notifications/message about a request, when its client asked for this level (legacy setLevel, modern _meta).</summary>
    private void Log(PendingCall call, string level, JObject data)
    {
        if (!Logs(call, level)) return;
        var notification = new JsonRpcNotification(McpMethods.Message, new JObject { ["level"] = level, ["logger"] = "nano", ["data"] = data });
        SendFrame(_context.Codec.Serialize(notification), OutboundKind.Notification, call.Id);
    }

    /// <summary>Whether <see cref="Log"/> would send: callers on the hot path ask first, so no data is built for nothing.</summary>
    private bool Logs(PendingCall call, string level) => LogLevels.Passes(level, call.Era.IsModern ? call.LogLevel : _legacyLogLevel);

    private void OnIdleCheck()
    {
        if (_calls.Count == 0 && Stopwatch.GetElapsedTime(_lastActivity) >= _context.Settings.IdleTimeout)
        {
            _lastActivity = Stopwatch.GetTimestamp();
            Transport.Tell(SessionIdle.Instance, Self);
        }
    }

    // ---- actor-private messages ----

    private sealed record IdleCheck
    {
        public static readonly IdleCheck Instance = new();
    }

    private sealed record CommandAnswered(RequestId Id, long Sequence, CommandResult Result);

    private sealed record StatusAnswered(RequestId Id, long Sequence, PoolSnapshot Snapshot);
    private sealed record ClusterStatusAnswered(RequestId Id, long Sequence, ClusterStatus Status);

    private sealed record AskFailed(RequestId Id, long Sequence, string Reason);
}

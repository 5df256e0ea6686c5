using Akka.Actor;
using Akka.Event;
using Nano.Gateway.Mcp;
using Nano.Gateway.Transports.Internal;

namespace Nano.Gateway.Transports.Stdio;

/// <summary>
/// MCP over the process's standard streams (the stdio binding): one JSON-RPC message per line on stdin and stdout,
/// nothing else on stdout (the host sends every log to stderr). When stdin closes, requests still running are
/// answered, then <c>onClosed</c> runs (NodeHost stops the process).
/// </summary>
public sealed class StdioTransportActor : ReceiveActor
{
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly IActorRef _session;
    private readonly LineStreamPump _pump;
    private readonly Action? _onClosed;

    private readonly Stream _input;
    private readonly Stream _output;

    public StdioTransportActor(Stream input, Stream output, McpServerContext context, Action? onClosed)
    {
        _input = input;
        _output = output;
        _onClosed = onClosed;
        var frames = new PumpFramesRef(Self, ((ExtendedActorSystem)Context.System).Provider);
        // stdio is the local user's own pipe: trusted without a key (a key presented in _meta still applies its allow-list).
        _session = Context.ActorOf(McpSessionActor.Props(context, frames, new Security.Caller("stdio", Trusted: true)), "session");
        var settings = context.Settings;
        // A pipe to a parent process has no "slow reader" to shed: stopping reading is the only sane backpressure,
        // so the pending limit is effectively unbounded (a frame is refused only once the output has ended).
        _pump = new LineStreamPump(input, output, settings.MaxMessageBytes, settings.TcpPauseReadingAboveBytes, long.MaxValue, context.Codec, _session, Self);
        frames.Pump = _pump;

        Receive<FramesRefused>(_ => { });
        Receive<RequestDropped>(_ => { });
        Receive<SessionIdle>(_ => { }); // the process lives as long as its client keeps stdin open
        Receive<SessionRefused>(r => _log.Warning("stdio: {Reason}", r.Reason));
        Receive<InputEnded>(ended =>
        {
            _log.Info("stdin closed ({Reason}); answering running requests, then exiting", ended.Reason);
            _session.Tell(InputCompleted.Instance);
        });
        Receive<SessionDrained>(_ => _pump.CompleteWrites());
        Receive<OutputEnded>(_ => Context.Stop(Self));
    }

    public static Props Props(Stream input, Stream output, McpServerContext context, Action? onClosed = null) =>
        Akka.Actor.Props.Create(() => new StdioTransportActor(input, output, context, onClosed));

    protected override void PreStart() => _pump.Start();

    protected override void PostStop()
    {
        _pump.Abort();
        // Closing stdout tells the client the server is done (EOF), as the stdio binding's shutdown describes.
        _output.Dispose();
        _input.Dispose();
        _onClosed?.Invoke();
    }
}

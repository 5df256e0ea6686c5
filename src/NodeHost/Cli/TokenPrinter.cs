using System.Diagnostics;
using Akka.Actor;
using Nano.Actors.Protocol;

namespace Nano.NodeHost.Cli;

/// <summary>
/// The reply target of `generate`: writes each <see cref="TokenChunk"/> to the terminal as it arrives (no Ask, no
/// buffering), then completes the command's task with the final answer and stops.
/// </summary>
internal sealed class TokenPrinter : ReceiveActor
{
    private readonly TextWriter _output;
    private readonly TaskCompletionSource<GenerateOutcome> _done;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private int _chunks;
    private double? _firstChunkMs;
    private bool _endsWithNewline = true;

    public TokenPrinter(TextWriter output, TaskCompletionSource<GenerateOutcome> done)
    {
        _output = output;
        _done = done;
        Receive<TokenChunk>(Print);
        Receive<Completed>(Finish);
        Receive<Failed>(Finish);
        Receive<Rejected>(Finish);
    }

    public static Props Props(TextWriter output, TaskCompletionSource<GenerateOutcome> done) =>
        Akka.Actor.Props.Create(() => new TokenPrinter(output, done));

    // Console writes block briefly; acceptable for the one actor of a one-shot command, and flushing per chunk is
    // what makes the text stream like `ollama run` instead of appearing at the end.
    private void Print(TokenChunk chunk)
    {
        _firstChunkMs ??= _clock.Elapsed.TotalMilliseconds;
        _chunks++;
        if (chunk.Text.Length == 0) return;
        _output.Write(chunk.Text);
        _output.Flush();
        _endsWithNewline = chunk.Text.EndsWith('\n');
    }

    private void Finish(IWithRequestId final)
    {
        _done.TrySetResult(new GenerateOutcome(final, _chunks, _firstChunkMs, _clock.Elapsed.TotalMilliseconds, _endsWithNewline));
        Context.Stop(Self);
    }
}

using Akka.Actor;
using Akka.TestKit.Xunit2;
using Nano.Actors.Protocol;
using Nano.NodeHost.Cli;

namespace Nano.NodeHost.Tests.Cli;

public sealed class TokenPrinterSpec : TestKit
{
    private static readonly RunOrigin SimOrigin = new("node-a", "qwen2-0.5b", 1, "simulated 1.3.0", Simulated: true);

    [Fact]
    public async Task Tokens_reach_the_terminal_as_they_arrive_before_the_request_ends()
    {
        var output = new CapturedWriter();
        var done = new TaskCompletionSource<GenerateOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
        var printer = Sys.ActorOf(TokenPrinter.Props(output, done));

        printer.Tell(new TokenChunk("r1", 0, "Hello", 11));
        printer.Tell(new TokenChunk("r1", 1, ", cluster", 12));
        await output.WaitForAsync("Hello, cluster", TimeSpan.FromSeconds(5));
        Assert.False(done.Task.IsCompleted);

        Watch(printer);
        var completed = new Completed("r1", FinishReason.Stop, new Usage(5, 2), null, SimOrigin) { TimeToFirstTokenMs = 378 };
        printer.Tell(completed);
        var outcome = await done.Task.WaitAsync(TimeSpan.FromSeconds(5));
        await ExpectTerminatedAsync(printer);

        Assert.Same(completed, outcome.Final);
        Assert.Equal((2, false), (outcome.Chunks, outcome.EndsWithNewline));
    }

    [Fact]
    public void The_summary_says_simulated_and_prefers_the_runtimes_decode_rate()
    {
        var perf = new Nano.Runtime.RkllmPerfStats(378, 128, 3832.3f, 64, 670);
        var completed = new Completed("r1", FinishReason.Length, new Usage(128, 64), perf, SimOrigin) { TimeToFirstTokenMs = 378.31 };

        var line = GenerateSummary.Line(completed, new GenerateOutcome(completed, 64, 380, 4300, false));

        Assert.Equal("[simulated] 64 tokens, TTFT 378 ms, 16.7 tok/s, stopped at max tokens", line);
    }

    [Fact]
    public void Error_codes_are_printed_in_the_protocols_spelling()
    {
        Assert.Equal("QUEUE_FULL", GenerateSummary.CodeName(NanoErrorCode.QueueFull));
        Assert.Equal("nano: request rejected (QUEUE_FULL): queue full; retry after 250 ms",
            GenerateSummary.Rejected(new Rejected("r1", NanoErrorCode.QueueFull, "queue full", TimeSpan.FromMilliseconds(250))));
    }
}

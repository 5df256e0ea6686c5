namespace Nano.Gateway.Tests.Fuzz;

/// <summary>The stdio transport's line framing under fuzz, in-process over the pipes that stand in for stdin and stdout.</summary>
[Collection(FuzzCollection.Name)]
public class StdioFuzzSpec(FuzzNode node, ITestOutputHelper output)
{
    private int _started;

    [Fact]
    public Task Every_fuzzed_line_is_answered_or_dropped_as_specified_and_stdio_still_serves() =>
        TransportFuzz.RunAsync(node, output, "stdio", FuzzNode.MaxMessageBytes, ledger =>
        {
            var (stdin, stdout, _) = node.StartStdio($"stdio-fuzz-{++_started}");
            return Task.FromResult<FuzzConnection>(new LineConnection(stdout, stdin, new FrameOracle(node.Context.Codec), ledger));
        });
}

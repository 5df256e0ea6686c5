namespace Nano.Gateway.Tests.Fuzz;

/// <summary>TCP line framing under fuzz: partial lines, lines split across writes, CRLF, blank lines, lines past max-message-bytes.</summary>
[Collection(FuzzCollection.Name)]
public class TcpFuzzSpec(FuzzNode node, ITestOutputHelper output)
{
    [Fact]
    public Task Every_fuzzed_line_is_answered_or_dropped_as_specified_and_tcp_still_serves() =>
        TransportFuzz.RunAsync(node, output, "tcp", FuzzNode.MaxMessageBytes,
            async ledger => await LineConnection.ConnectTcpAsync(node.Tcp, new FrameOracle(node.Context.Codec), ledger));
}

namespace Nano.Gateway.Tests.Fuzz;

/// <summary>UDP datagrams under fuzz: random, mutated, empty and oversize ones, one peer's session throughout.</summary>
[Collection(FuzzCollection.Name)]
public class UdpFuzzSpec(FuzzNode node, ITestOutputHelper output)
{
    [Fact]
    public Task Every_fuzzed_datagram_is_answered_or_dropped_as_specified_and_udp_still_serves() =>
        TransportFuzz.RunAsync(node, output, "udp", FuzzNode.UdpMaxDatagramBytes,
            ledger => Task.FromResult<FuzzConnection>(new DatagramConnection(node.Udp, new FrameOracle(node.Context.Codec), ledger)),
            retriesMayMerge: true);
}

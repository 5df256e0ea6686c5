namespace Nano.Gateway.Tests.Fuzz;

/// <summary>/ws under fuzz: text and binary messages, fragmented messages, messages past max-message-bytes.</summary>
[Collection(FuzzCollection.Name)]
public class WebSocketFramingFuzzSpec(FuzzNode node, ITestOutputHelper output)
{
    [Fact]
    public Task Every_fuzzed_message_is_answered_or_dropped_as_specified_and_the_socket_still_serves() =>
        TransportFuzz.RunAsync(node, output, "ws", FuzzNode.MaxMessageBytes,
            async ledger => await WebSocketConnection.ConnectAsync(node.Ws, new FrameOracle(node.Context.Codec), ledger));
}

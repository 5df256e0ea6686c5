using Akka.Actor;
using Akka.TestKit.Xunit;
using Nano.Actors.Protocol;
using Nano.Runtime;

namespace Nano.Cluster.Tests;

public sealed class RoutingSpec(TwoBoardCluster boards) : TestKit, IClassFixture<TwoBoardCluster>
{
    [Fact]
    public void A_request_without_a_session_goes_to_the_replica_with_fewer_requests_in_flight()
    {
        var router = boards.Cluster["b1"].Router;
        var (longRun, shortRun, next) = (CreateTestProbe(), CreateTestProbe(), CreateTestProbe());
        // Round-robin alone would send the third request to the first one's replica, which is still busy.
        router.Tell(Request("long", 1000, longRun.Ref));
        router.Tell(Request("short", 4, shortRun.Ref));
        var idle = shortRun.FishForMessage<Completed>(m => m is Completed, TimeSpan.FromSeconds(20)).Origin.Node;

        router.Tell(Request("next", 4, next.Ref));

        var chosen = next.FishForMessage<Completed>(m => m is Completed, TimeSpan.FromSeconds(20)).Origin.Node;
        Assert.Equal(idle, chosen);
        var busy = longRun.FishForMessage<object>(m => m is Completed or Failed or Rejected, TimeSpan.FromSeconds(30));
        Assert.NotEqual(idle, Assert.IsType<Completed>(busy).Origin.Node);
    }

    private static GenerateRequest Request(string id, int tokens, IActorRef replyTo) => new()
    {
        RequestId = id, ModelId = "small", Input = new RkllmPromptInput("route me"), MaxNewTokens = tokens, ReplyTo = replyTo,
    };
}

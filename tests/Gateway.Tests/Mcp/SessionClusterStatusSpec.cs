using Nano.Actors.Cluster;
using Nano.Actors.Configuration;
using Nano.Actors.Protocol;

namespace Nano.Gateway.Tests.Mcp;

/// <summary>The cluster_status tool against a TestProbe router (cluster mode) and the standalone answer of a pool.</summary>
public class SessionClusterStatusSpec(ITestOutputHelper output) : SessionSpecBase(output)
{
    [Fact]
    public async Task Cluster_status_shows_boards_and_unplaced_replicas_with_their_reason()
    {
        await InitializeAsync();
        Send(Request(1, "tools/call", ToolCall("cluster_status", new JObject())));
        await Pool.ExpectMsgAsync<GetClusterStatus>(Bounded);
        var pool = new PoolSnapshot("b1", [], 1, 8, 1690, 16384);
        Pool.Reply(new ClusterStatus("akka.tcp://nano@127.0.0.1:4053", "akka.tcp://nano@127.0.0.1:4053", true,
            [new BoardStatus("akka.tcp://nano@127.0.0.1:4053", "b1", "Up", ["gateway", "npu"], "rk3588", 16384, 8, 1690, 1, pool)],
            [
                new ReplicaPlacement("qwen", 0, "qwen#0", "akka.tcp://nano@127.0.0.1:4053", "b1", null),
                new ReplicaPlacement("big", 0, "big#0", null, null, "needs 40000 MB of NPU memory; the largest board has 16384 MB"),
            ]));
        var result = await ResultAsync(1);
        Assert.False((bool)result["isError"]!);
        var structured = result["structuredContent"]!;
        Assert.True((bool)structured["clustered"]!);
        Assert.Equal("b1", (string?)structured["boards"]![0]!["node"]);
        Assert.Equal(16384, (long)structured["boards"]![0]!["memory_mb"]!);
        Assert.Equal("needs 40000 MB of NPU memory; the largest board has 16384 MB", (string?)structured["placements"]![1]!["unplaced_reason"]);
        var text = (string)result["content"]![0]!["text"]!;
        Assert.Contains("big#0: UNPLACED: needs 40000 MB", text);
        Assert.Contains("qwen#0: on b1", text);
    }

    [Fact]
    public void A_standalone_pool_reports_itself_as_the_only_board_with_every_model_on_it()
    {
        var pool = new PoolSnapshot("solo", [new ModelStatus("qwen", ModelState.Ready, "sim", true, [], 0, 1, 1690, null)], 1, 8, 1690, 16384);
        var status = ClusterStatus.Standalone(pool, new PoolSettings());
        Assert.False(status.Clustered);
        var board = Assert.Single(status.Boards);
        Assert.Equal("solo", board.Node);
        Assert.Equal(1690, board.ReservedMemoryMb);
        Assert.Equal("solo", Assert.Single(status.Placements).Node);
    }
}

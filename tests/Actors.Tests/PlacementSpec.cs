using Nano.Actors.Configuration;
using Nano.Actors.Pool.Internal;
using Nano.Actors.Protocol;

namespace Nano.Actors.Tests;

/// <summary>The pure placement and queue rules under the pool.</summary>
public sealed class PlacementSpec
{
    private static readonly PoolSettings Settings = new() { MemoryBudgetMb = 16384, DomainSizeMb = 4096 };

    [Theory]
    [InlineData(2048, true)]
    [InlineData(2047, false)]
    public void A_handle_of_at_least_half_a_domain_is_large(long memoryMb, bool large) =>
        Assert.Equal(large, MemoryDomains.IsLarge(memoryMb, Settings));

    [Fact]
    public void Large_handles_never_share_a_domain()
    {
        (int, long)[] occupants = [(0, 3000), (1, 1000), (2, 2048)];

        Assert.Equal(3, MemoryDomains.Assign(2048, occupants, Settings));
        Assert.Null(MemoryDomains.Assign(2048, [.. occupants, (3, 500)], Settings));
    }

    [Fact]
    public void Small_handles_pack_into_a_shared_domain_while_they_fit()
    {
        Assert.Equal(1, MemoryDomains.Assign(1000, [(0, 3000), (1, 1000), (1, 2000)], Settings));
        Assert.Equal(2, MemoryDomains.Assign(1500, [(0, 3000), (1, 1000), (1, 2000)], Settings));
    }

    [Fact]
    public void Batch_requests_are_refused_once_the_queue_is_half_full()
    {
        var queue = new RequestQueue(4);
        Assert.Equal(Admission.Accept, queue.Admit(RequestPriority.Batch));
        queue.Enqueue(Item("i1", RequestPriority.Interactive));
        queue.Enqueue(Item("b1", RequestPriority.Batch));

        Assert.Equal(Admission.RefuseBatch, queue.Admit(RequestPriority.Batch));
        Assert.Equal(Admission.Accept, queue.Admit(RequestPriority.Interactive));
    }

    [Fact]
    public void A_full_queue_sheds_its_newest_batch_request_for_interactive_work()
    {
        var queue = new RequestQueue(3);
        queue.Enqueue(Item("b1", RequestPriority.Batch));
        queue.Enqueue(Item("i1", RequestPriority.Interactive));
        queue.Enqueue(Item("b2", RequestPriority.Batch));

        Assert.Equal(Admission.AcceptShedBatch, queue.Admit(RequestPriority.Interactive));
        Assert.Equal("b2", queue.ShedNewestBatch()!.RequestId);
        Assert.Equal(["i1", "b1"], queue.InServiceOrder().Select(q => q.RequestId));
    }

    private static QueuedRequest Item(string id, RequestPriority priority) => new(
        new GenerateRequest { RequestId = id, ModelId = "m", Input = new Runtime.RkllmPromptInput(id), Priority = priority, ReplyTo = ActorRefs.Nobody },
        new Handles.RunTicket(id, TimeSpan.FromMinutes(1)));
}

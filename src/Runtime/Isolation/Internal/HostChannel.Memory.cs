using Microsoft.Extensions.Logging;

namespace Nano.Runtime.Isolation.Internal;

/// <summary>The memory limit: the child's resident set, polled from the parent, over the limit kills it.</summary>
internal sealed partial class HostChannel
{
    private readonly Timer? memoryWatch;
    private int checkingMemory;

    private Timer? StartMemoryWatch()
    {
        if (options.MemoryLimitMb <= 0) return null;
        var period = options.MemoryPollInterval > TimeSpan.Zero ? options.MemoryPollInterval : TimeSpan.FromMilliseconds(250);
        return new Timer(_ => CheckMemory(), null, period, period);
    }

    /// <summary>Idle or running alike: a runtime that leaks between runs is as much over its limit as one that leaks during them.</summary>
    private void CheckMemory()
    {
        if (fault is not null || closing || Interlocked.Exchange(ref checkingMemory, 1) == 1) return;
        try
        {
            if (ProcStatus.ResidentKb(child.Pid) is not { } kb || kb <= options.MemoryLimitMb * 1024) return;
            Faulted(new RuntimeFaultException(RuntimeFaultKind.MemoryExceeded,
                $"child pid {child.Pid} resident memory {kb / 1024} MB exceeds the limit of {options.MemoryLimitMb} MB (killed)"), kill: true);
        }
        catch (Exception e) { logger.LogWarning("memory check of child pid {Pid} failed: {Message}", child.Pid, e.Message); }
        finally { Volatile.Write(ref checkingMemory, 0); }
    }
}

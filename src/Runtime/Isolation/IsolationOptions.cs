namespace Nano.Runtime.Isolation;

/// <summary>How isolated handles start their child process and when they give up on it.</summary>
public sealed record IsolationOptions
{
    /// <summary>
    /// The program to start (an apphost, or <c>dotnet</c> with <see cref="LeadingArgs"/> naming Nano.NodeHost.dll);
    /// <c>handle-host --socket PATH --parent-pid N</c> is appended. Null: this process when it is Nano.NodeHost,
    /// else Nano.NodeHost.dll (or its apphost) next to the entry assembly.
    /// </summary>
    public string? Executable { get; init; }

    public IReadOnlyList<string> LeadingArgs { get; init; } = [];

    /// <summary>From spawning the child to its Hello on the socket.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>rkllm_init in the child: loading a large model from eMMC takes a while.</summary>
    public TimeSpan InitTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Any other call without a reply for this long means the child is hung: it is killed.</summary>
    public TimeSpan CallTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// During a run, no callback for this long (while the parent's sink is not busy) means hung.
    /// Timeout.InfiniteTimeSpan turns the watchdog off (as it does every other timeout here).
    /// </summary>
    public TimeSpan HangTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The child's resident memory (VmRSS, polled from /proc/PID/status every <see cref="MemoryPollInterval"/>)
    /// above which it is killed and its handle faulted as <see cref="RuntimeFaultKind.MemoryExceeded"/>; 0 = no limit.
    /// Resident, not virtual: the .NET runtime in the child reserves far more address space than it uses, so
    /// RLIMIT_AS cannot express such a limit.
    /// </summary>
    public long MemoryLimitMb { get; init; }

    /// <summary>How often the memory limit is checked; memory growing faster than the limit's headroom per interval overshoots it.</summary>
    public TimeSpan MemoryPollInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How long a closing or disconnected child gets to exit before it is killed.</summary>
    public TimeSpan ExitTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// After rkllm_init, how long to wait for the runtime's version line (printed on the child's stdout, a
    /// separate pipe from the socket) before accepting an init that printed none.
    /// </summary>
    public TimeSpan VersionLineGrace { get; init; } = TimeSpan.FromMilliseconds(500);

    public static IsolationOptions Default { get; } = new();

    /// <summary>These options with a model's own overrides (<see cref="RuntimeSpec.HangTimeout"/>, <see cref="RuntimeSpec.RssLimitMb"/>).</summary>
    public IsolationOptions For(RuntimeSpec spec) => this with
    {
        HangTimeout = spec.HangTimeout ?? HangTimeout,
        MemoryLimitMb = spec.RssLimitMb ?? MemoryLimitMb,
    };
}

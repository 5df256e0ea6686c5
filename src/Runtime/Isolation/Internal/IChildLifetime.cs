namespace Nano.Runtime.Isolation.Internal;

/// <summary>The process behind a channel, as far as the channel needs it: to kill it and to read how it ended.</summary>
internal interface IChildLifetime : IDisposable
{
    int Pid { get; }

    /// <summary>SIGKILL: the only thing a wedged native library cannot ignore.</summary>
    void Kill();

    /// <summary>The exit code once it has exited within the timeout (128 + signal for a signal), else null.</summary>
    int? WaitForExit(TimeSpan timeout);

    /// <summary>The last lines the child printed, for fault reasons.</summary>
    string RecentOutput { get; }
}

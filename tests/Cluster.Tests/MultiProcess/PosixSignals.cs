using System.Runtime.InteropServices;

namespace Nano.Cluster.Tests.MultiProcess;

/// <summary>kill(2) for the signals .NET's Process has no method for (SIGSTOP, SIGCONT), and a plain SIGKILL. Linux numbering.</summary>
internal static class PosixSignals
{
    public const int SigKill = 9;
    public const int SigCont = 18;
    public const int SigStop = 19;

    public static void Send(int pid, int signal)
    {
        if (Kill(pid, signal) != 0)
            throw new InvalidOperationException($"kill({pid}, {signal}) failed: errno {Marshal.GetLastPInvokeError()}");
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}

namespace Nano.Runtime.Isolation.Internal;

/// <summary>Turns a child's exit code into a fault: a signal is a crash, a plain exit is an exit.</summary>
internal static class ExitDescription
{
    public static RuntimeFaultException Fault(int pid, int? exitCode, string recentOutput)
    {
        var tail = string.IsNullOrWhiteSpace(recentOutput) ? "" : $"; last output: {recentOutput}";
        return exitCode switch
        {
            null => new RuntimeFaultException(RuntimeFaultKind.ProtocolError,
                $"child pid {pid} closed the connection but kept running (killed){tail}"),
            > 128 and < 160 => new RuntimeFaultException(RuntimeFaultKind.Crashed,
                $"child pid {pid} killed by signal {exitCode - 128} ({SignalName(exitCode.Value - 128)}), exit code {exitCode}{tail}"),
            _ => new RuntimeFaultException(RuntimeFaultKind.Exited, $"child pid {pid} exited with code {exitCode}{tail}"),
        };
    }

    private static string SignalName(int signal) => signal switch
    {
        4 => "SIGILL",
        6 => "SIGABRT",
        7 => "SIGBUS",
        8 => "SIGFPE",
        9 => "SIGKILL",
        11 => "SIGSEGV",
        15 => "SIGTERM",
        _ => "signal " + signal,
    };
}

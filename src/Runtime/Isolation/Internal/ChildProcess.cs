using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Nano.Runtime.Isolation.Internal;

/// <summary>
/// A started handle-host child. Its stdout (the native runtime's own prints) and stderr are read line by line,
/// logged under the parent's logger, kept as a short tail for fault reasons, and shown to a line observer
/// (the version line check).
/// </summary>
/// <remarks>
/// Not relying on PR_SET_PDEATHSIG: it fires when the forking thread exits, and .NET forks from whichever
/// (thread-pool) thread calls Process.Start. The child instead polls its parent and exits at end of stream.
/// </remarks>
internal sealed class ChildProcess : IChildLifetime
{
    private const int TailLines = 8;
    private readonly Process process;
    private readonly ILogger logger;
    private readonly Action<string> onLine;
    private readonly Queue<string> tail = new();

    private ChildProcess(Process process, ILogger logger, Action<string> onLine)
    {
        this.process = process;
        this.logger = logger;
        this.onLine = onLine;
    }

    public int Pid { get; private set; }

    public Task Exited { get; private set; } = Task.CompletedTask;

    public static ChildProcess Start(IsolationOptions options, string socketPath, ILogger logger, Action<string> onLine)
    {
        var (exe, args) = ChildCommand.Resolve(options, socketPath);
        var info = new ProcessStartInfo(exe)
        {
            UseShellExecute = false,
            RedirectStandardInput = true, // the child never reads it; not inheriting ours keeps a console out of it
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var a in args) info.ArgumentList.Add(a);
        var child = new ChildProcess(new Process { StartInfo = info }, logger, onLine);
        child.process.OutputDataReceived += (_, e) => child.OnLine(e.Data, stderr: false);
        child.process.ErrorDataReceived += (_, e) => child.OnLine(e.Data, stderr: true);
        try
        {
            child.process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new RuntimeFaultException(RuntimeFaultKind.LibraryMissing, $"cannot start handle host '{exe}': {e.Message}", e);
        }
        child.Pid = child.process.Id;
        child.Exited = child.process.WaitForExitAsync();
        child.process.BeginOutputReadLine();
        child.process.BeginErrorReadLine();
        logger.LogDebug("started handle host pid {Pid}: {Exe} {Args}", child.Pid, exe, string.Join(' ', args));
        return child;
    }

    public string RecentOutput
    {
        get { lock (tail) return string.Join(" | ", tail); }
    }

    public void Kill()
    {
        try { process.Kill(); }
        catch (InvalidOperationException) { } // already exited
    }

    public int? WaitForExit(TimeSpan timeout) => process.WaitForExit(timeout) ? process.ExitCode : null;

    public void Dispose() => process.Dispose();

    private void OnLine(string? line, bool stderr)
    {
        if (line is null) return;
        lock (tail)
        {
            if (tail.Count == TailLines) tail.Dequeue();
            tail.Enqueue(line);
        }
        onLine(line);
        if (stderr) logger.Log(StderrLevel(line), "[handle-host {Pid} stderr] {Line}", Pid, line);
        else logger.LogInformation("[handle-host {Pid}] {Line}", Pid, line);
    }

    /// <summary>The child's own stderr lines say their level ("nano-handle-host[pid] Error: ..."); others are warnings.</summary>
    private static LogLevel StderrLevel(string line)
    {
        if (!line.StartsWith("nano-handle-host[", StringComparison.Ordinal)) return LogLevel.Warning;
        var start = line.IndexOf("] ", StringComparison.Ordinal) + 2;
        var end = line.IndexOf(':', start);
        return start >= 2 && end > start && Enum.TryParse<LogLevel>(line[start..end], out var level) ? level : LogLevel.Warning;
    }
}

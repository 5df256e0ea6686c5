using System.Diagnostics;
using System.Text;

namespace Nano.NodeHost.Tests.Deployment;

/// <summary>Runs scripts/cluster-local.sh with bash, bounded in time, capturing both outputs.</summary>
internal sealed record ScriptRun(int ExitCode, string Output, string Error)
{
    public static async Task<ScriptRun> RunAsync(string command, IReadOnlyDictionary<string, string> environment, TimeSpan bound)
    {
        var start = new ProcessStartInfo("bash", [RepoRoot.File("scripts", "cluster-local.sh"), command])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = RepoRoot.Path,
        };
        // The nodes read NANO_ variables: only the test's own reach them.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("NANO_", StringComparison.Ordinal)).ToArray())
            start.Environment.Remove(name);
        foreach (var (name, value) in environment) start.Environment[name] = value;

        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var (output, error) = (new StringBuilder(), new StringBuilder());
        process.OutputDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (error) error.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(bound);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"cluster-local.sh {command} ran longer than {bound}:\n{output}\n{error}");
        }
        lock (output) lock (error) return new ScriptRun(process.ExitCode, output.ToString(), error.ToString());
    }

    public override string ToString() => $"exit {ExitCode}\nstdout:\n{Output}\nstderr:\n{Error}";
}

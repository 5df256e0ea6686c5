using System.ComponentModel;
using System.Diagnostics;

namespace Nano.Runtime.Tests.Native.Support;

/// <summary>Runs gcc (or $CC) and small programs for the layout tests. A missing compiler is a failure, not a skip.</summary>
internal static class Gcc
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public static string Compiler => Environment.GetEnvironmentVariable("CC") is { Length: > 0 } cc ? cc : "gcc";

    /// <summary>Runs a program to completion and returns its stdout; a non-zero exit fails with its stderr.</summary>
    public static string Run(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {program}");
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException(
                $"'{program}' could not be started ({e.Message}). The ABI layout test needs a C compiler: install gcc " +
                "(apt-get install gcc) or set CC.", e);
        }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(Timeout))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{program} {string.Join(' ', args)} did not finish within {Timeout}");
            }
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException(
                    $"{program} {string.Join(' ', args)} exited with {process.ExitCode}:\n{stderr.Result}\n{stdout.Result}");
            }
            return stdout.Result;
        }
    }
}

using System.CommandLine;
using Nano.NodeHost.Cli;

namespace Nano.NodeHost.Tests.Cli;

/// <summary>Runs nano's command line in process with captured stdout and stderr, bounded in time.</summary>
internal sealed record CliRun(int ExitCode, string Output, string Error)
{
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    public static async Task<CliRun> InvokeAsync(params string[] args)
    {
        var (output, error) = (new CapturedWriter(), new CapturedWriter());
        var exit = await Start(args, output, error, CancellationToken.None).WaitAsync(Bound);
        return new CliRun(exit, output.Text, error.Text);
    }

    /// <summary>Starts an invocation without waiting (for `run`, which ends on cancellation).</summary>
    public static Task<int> Start(string[] args, TextWriter output, TextWriter error, CancellationToken ct) =>
        NanoCli.Build().Parse(args).InvokeAsync(new InvocationConfiguration
        {
            Output = output,
            Error = error,
            // No Ctrl+C handler in a test process: cancellation comes from the token.
            ProcessTerminationTimeout = null,
        }, ct);
}

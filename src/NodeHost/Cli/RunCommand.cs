using System.CommandLine;
using Microsoft.Extensions.Hosting;
using Nano.NodeHost.Hosting;

namespace Nano.NodeHost.Cli;

/// <summary>`run` (also the root command's action): a single node serving its models until Ctrl+C.</summary>
internal static class RunCommand
{
    public const string Description = "start a single node with the configured models and run until Ctrl+C";

    public static Command Create()
    {
        var options = new NodeOptions();
        var command = options.AddTo(new Command("run", Description));
        command.SetAction((parse, ct) => RunAsync(parse, options, ct));
        return command;
    }

    public static async Task<int> RunAsync(ParseResult parse, NodeOptions options, CancellationToken ct)
    {
        var node = options.Load(parse);
        if (node is null) return NodeOptions.ConfigError;
        using var host = NanoNode.Build(node, parse.InvocationConfiguration.Error);
        try
        {
            await host.RunAsync(ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Ctrl+C while starting: the host stops what it started; a normal exit.
        }
        return 0;
    }
}

using System.CommandLine;
using Microsoft.Extensions.Hosting;
using Nano.Gateway.Hosting;
using Nano.Gateway.Transports;
using Nano.NodeHost.Hosting;

namespace Nano.NodeHost.Cli;

/// <summary>`run` (also the root command's action): a single node serving its models over MCP until Ctrl+C (or, with stdio, EOF).</summary>
internal static class RunCommand
{
    public const string Description = "start a single node serving the configured models over MCP (tcp, http, ws, udp, stdio) until Ctrl+C";

    public static Command Create()
    {
        var options = new NodeOptions(serve: true);
        var command = options.AddTo(new Command("run", Description));
        command.SetAction((parse, ct) => RunAsync(parse, options, ct));
        return command;
    }

    public static async Task<int> RunAsync(ParseResult parse, NodeOptions options, CancellationToken ct)
    {
        var node = options.Load(parse);
        if (node is null) return NodeOptions.ConfigError;
        var error = parse.InvocationConfiguration.Error;
        // With stdio, stdout carries the protocol only: anything written to Console.Out by mistake goes to stderr.
        if (node.Endpoints.Any(e => e.Kind == TransportKind.Stdio)) Console.SetOut(Console.Error);
        using var host = NanoNode.Build(node, error, serve: true);
        try
        {
            // RunAsync without its dispose: the stopped host still tells why it stopped (NodeExit), then `using` disposes it.
            await host.StartAsync(ct);
            await host.WaitForShutdownAsync(ct);
            if (NodeExit.WasDowned(host))
            {
                error.WriteLine("nano: this node was downed by the cluster (unreachable too long, or cut off from the oldest member); " +
                                $"it cannot rejoin as the same member: exiting with code {NodeExit.Downed} so a supervisor restarts it");
                return NodeExit.Downed;
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Ctrl+C while starting: the host stops what it started; a normal exit.
        }
        catch (Exception e) when (Unwrap(e) is GatewayBindException bind)
        {
            error.WriteLine($"nano: {bind.Message}");
            return NodeOptions.ConfigError;
        }
        return 0;
    }

    private static Exception? Unwrap(Exception e)
    {
        for (Exception? current = e; current is not null; current = current.InnerException)
            if (current is GatewayBindException) return current;
        return (e as AggregateException)?.InnerExceptions.Select(Unwrap).FirstOrDefault(x => x is not null);
    }
}

using System.CommandLine;
using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Nano.Actors.Hosting;
using Nano.Actors.Protocol;
using Nano.NodeHost.Hosting;

namespace Nano.NodeHost.Cli;

/// <summary>`models`: starts an in-process node, asks its pool for the status of every model, prints a table.</summary>
internal static class ModelsCommand
{
    private static readonly TimeSpan StatusTimeout = TimeSpan.FromSeconds(10);

    public static Command Create()
    {
        var options = new NodeOptions();
        var command = options.AddTo(new Command("models", "list the configured models and their state"));
        command.SetAction(async (parse, ct) =>
        {
            var node = options.Load(parse, GenerateCommand.QuietLogs);
            if (node is null) return NodeOptions.ConfigError;
            using var host = NanoNode.Build(node, parse.InvocationConfiguration.Error);
            await host.StartAsync(ct);
            try
            {
                var pool = await ActorRegistry.For(host.Services.GetRequiredService<ActorSystem>()).GetAsync<NpuPool>(ct);
                var snapshot = await pool.Ask<PoolSnapshot>(GetPoolStatus.Instance, StatusTimeout, ct);
                ModelsTable.Write(parse.InvocationConfiguration.Output, snapshot, node.Models);
                return 0;
            }
            finally
            {
                await host.StopAsync(CancellationToken.None);
            }
        });
        return command;
    }
}

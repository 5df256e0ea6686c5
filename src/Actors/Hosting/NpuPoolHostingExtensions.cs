using Akka.Hosting;
using Nano.Actors.Configuration;
using Nano.Actors.Pool;

namespace Nano.Actors.Hosting;

/// <summary>The actors module's front door for Akka.Hosting.</summary>
public static class NpuPoolHostingExtensions
{
    public const string PoolActorName = "npu-pool";

    /// <summary>
    /// Adds the module's HOCON defaults (the handles' pinned dispatcher, nano.pool) behind anything configured
    /// earlier, starts the node's pool actor and registers it as <see cref="NpuPool"/>.
    /// </summary>
    public static AkkaConfigurationBuilder WithNpuPool(this AkkaConfigurationBuilder builder, NpuPoolOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return builder
            .AddHocon(NanoActorsConfig.Default, HoconAddMode.Append)
            .WithActors((system, registry) =>
            {
                var pool = system.ActorOf(
                    PoolActor.Props(options.Settings, options.Models, options.Runtimes, options.NodeName),
                    PoolActorName);
                registry.Register<NpuPool>(pool);
            });
    }
}

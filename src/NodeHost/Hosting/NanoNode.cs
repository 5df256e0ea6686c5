using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Nano.Actors.Hosting;
using Nano.NodeHost.Configuration;
using Nano.NodeHost.Hosting.Internal;
using AkkaLogLevel = Akka.Event.LogLevel;

namespace Nano.NodeHost.Hosting;

/// <summary>The composition root: a Generic Host running one actor system ("nano") with the NPU pool.</summary>
public static class NanoNode
{
    public const string SystemName = "nano";

    /// <param name="log">Where logs go: the CLI's error stream, never stdout (which carries tokens).</param>
    public static IHost Build(NodeConfiguration node, TextWriter log)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, ApplicationName = "nano" });
        builder.Logging.ClearProviders()
            .AddProvider(new TextWriterLoggerProvider(log))
            .SetMinimumLevel(node.LogLevel)
            // The host's own lifecycle chatter is noise in a CLI unless debugging.
            .AddFilter("Microsoft", node.Debug ? LogLevel.Debug : LogLevel.Warning);
        builder.Services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);
        builder.Services.AddSingleton(node);
        builder.Services.AddSingleton<RuntimeProvider>();
        builder.Services.AddHostedService<NodeAnnouncer>();
        builder.Services.AddAkka(SystemName, (akka, services) =>
        {
            akka.AddHocon(node.Config, HoconAddMode.Prepend)
                .ConfigureLoggers(loggers =>
                {
                    loggers.LogLevel = AkkaLevel(node.LogLevel);
                    loggers.ClearLoggers();
                    loggers.AddLoggerFactory();
                });
            if (node.Debug) akka.AddHocon("akka.actor.debug { unhandled = on, lifecycle = on }", HoconAddMode.Prepend);
            akka.WithNpuPool(new NpuPoolOptions(node.Pool, node.Models.Models, services.GetRequiredService<RuntimeProvider>().Get, node.NodeName));
        });
        return builder.Build();
    }

    private static AkkaLogLevel AkkaLevel(LogLevel level) => level switch
    {
        <= LogLevel.Debug => AkkaLogLevel.DebugLevel,
        LogLevel.Information => AkkaLogLevel.InfoLevel,
        LogLevel.Warning => AkkaLogLevel.WarningLevel,
        _ => AkkaLogLevel.ErrorLevel,
    };
}

using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Nano.Actors.Configuration;
using Nano.NodeHost.Hosting.Internal;
using Nano.Runtime;
using Nano.Simulation;

namespace Nano.NodeHost.Cli;

/// <summary>The `simulate` run: models from the configuration, a <see cref="SimulatedCluster"/>, a <see cref="Workload"/>, the report.</summary>
internal static class SimulateRun
{
    // Nothing of Akka may write to stdout (the report, or JSON); its shutdown logger would only complain about
    // remoting going away when the members are stopped at the end.
    private static readonly string ShutdownQuiet = $"""
        akka.stdout-logger-class = "{typeof(StandardErrorLogger).AssemblyQualifiedName}"
        akka.stdout-loglevel = OFF
        """;

    public static async Task<int> RunAsync(ParseResult parse, NodeOptions options, SimulateCommand.Args args, CancellationToken ct)
    {
        var (output, error) = (parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error);
        var node = options.Load(parse, GenerateCommand.QuietLogs);
        if (node is null) return NodeOptions.ConfigError;
        if (Models(node.Models.Models, args, error) is not { } models) return NodeOptions.ConfigError;

        var c = CultureInfo.InvariantCulture;
        // The request timeout is a simulated 30 s (by default) like every other time here, so the time scale does
        // not change which requests time out. Infrastructure timers (failure detector, placement) stay wall time.
        var pool = node.Pool with { RequestTimeout = node.Pool.RequestTimeout * args.TimeScale };
        // Muted before the members are stopped (all at once, no leave: the run is over) so their parting
        // complaints about each other going away do not follow the report.
        var muted = false;
        using var loggers = LoggerFactory.Create(b => b.AddProvider(new TextWriterLoggerProvider(error)).SetMinimumLevel(node.LogLevel)
            .AddFilter((_, _, level) => !muted && level >= node.LogLevel));
        var simulation = new SimulationOptions
        {
            Models = models,
            TimeScale = args.TimeScale,
            Pool = pool,
            Loggers = loggers,
            AkkaLogLevel = node.Debug ? Akka.Event.LogLevel.DebugLevel : Akka.Event.LogLevel.WarningLevel,
            ExtraHocon = ShutdownQuiet,
        };
        var boards = Enumerable.Range(1, args.Boards)
            .Select(k => new SimBoardSpec($"board-{k}", args.BoardType, SimulateCommand.MemoryOf(args.BoardType)))
            .ToArray();
        var names = models.Select(m => m.Name).ToArray();
        error.WriteLine(string.Create(c, $"simulate: SIMULATED cluster of {args.Boards} {args.BoardType} board(s) on loopback, time scale {args.TimeScale}; starting..."));
        SimulatedCluster? cluster = null;
        try
        {
            cluster = await SimulatedCluster.StartAsync(simulation, boards, TimeSpan.FromSeconds(30 + 5 * args.Boards)).WaitAsync(ct);
            error.WriteLine($"simulate: {args.Boards} member(s) up; placing {string.Join(", ", models.Select(m => $"{m.Replicas} replica(s) of {m.Name}"))}...");
            var placed = await Workload.WaitUntilReadyAsync(cluster, names, TimeSpan.FromSeconds(30 + 5 * models.Sum(m => m.Replicas))).WaitAsync(ct);
            error.WriteLine($"simulate: placed: {SimulatedCluster.Describe(placed)}");
            var report = await Workload.RunAsync(cluster, WorkloadOf(args, names, error), ct);
            output.Write(args.Json ? SimulationReportFormat.ToJson(report) + Environment.NewLine : SimulationReportFormat.ToText(report));
            output.Flush();
            return 0;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            error.WriteLine("nano: simulation cancelled");
            return GenerateCommand.Cancelled;
        }
        catch (TimeoutException e)
        {
            error.WriteLine($"nano: the simulated cluster did not get ready: {e.Message}");
            return 1;
        }
        finally
        {
            muted = !node.Debug;
            if (cluster is not null) await cluster.DisposeAsync();
        }
    }

    private static WorkloadOptions WorkloadOf(SimulateCommand.Args args, string[] models, TextWriter error) => new()
    {
        Models = models,
        Clients = args.Clients ?? 4 * args.Boards,
        ArrivalRatePerSecond = args.Rate,
        Duration = args.Duration,
        MaxRequests = args.Requests,
        PromptTokens = args.PromptTokens,
        OutputTokens = args.OutputTokens,
        Seed = args.Seed,
        SessionFraction = args.SessionFraction,
        Progress = new SimulateProgress(error),
    };

    /// <summary>The chosen models with the requested replica count; null after saying why they cannot be simulated.</summary>
    private static ModelDefinition[]? Models(IReadOnlyList<ModelDefinition> configured, SimulateCommand.Args args, TextWriter error)
    {
        var simulated = configured.Where(m => m.Runtime.Kind == RuntimeKind.Simulated).ToArray();
        var wanted = args.Models.Count > 0 ? args.Models : simulated.Take(1).Select(m => m.Name).ToArray();
        if (wanted.Count == 0)
        {
            error.WriteLine("nano: simulate needs a simulated model (runtime sim, path sim://...) in models.json; there is none");
            return null;
        }
        var chosen = new List<ModelDefinition>();
        foreach (var name in wanted.Distinct())
        {
            var model = configured.FirstOrDefault(m => m.Name == name);
            if (model is null || model.Runtime.Kind != RuntimeKind.Simulated)
            {
                error.WriteLine(model is null ? $"nano: unknown model '{name}'" : $"nano: model '{name}' runs on {model.Runtime.Kind}, not the simulated runtime");
                error.WriteLine($"  simulated models: {string.Join(", ", simulated.Select(m => m.Name))}");
                return null;
            }
            chosen.Add(model with { Replicas = args.Replicas ?? args.Boards });
        }
        return chosen.ToArray();
    }
}

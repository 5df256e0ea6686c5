using System.CommandLine;
using System.CommandLine.Parsing;
using Nano.Runtime.Sim;
using Nano.Simulation;

namespace Nano.NodeHost.Cli;

/// <summary>
/// `simulate`: starts a cluster of simulated boards in this process (each its own actor system on loopback, the
/// real cluster wiring), drives a workload through their routers and prints what happened: placement, aggregate
/// tokens/s, latency percentiles, shed requests. SIMULATED, in simulated time. Exit 0 when the run finished
/// (whatever its requests did), 1 when the cluster could not be started or placed, 2 on usage errors, 130 on Ctrl+C.
/// </summary>
internal static class SimulateCommand
{
    internal sealed record Args(int Boards, string BoardType, int? Clients, double? Rate, int? Requests, TimeSpan Duration,
        IReadOnlyList<string> Models, int? Replicas, IntRange PromptTokens, IntRange OutputTokens, double TimeScale, int Seed,
        double SessionFraction, bool Json);

    public static Command Create()
    {
        var options = new NodeOptions();
        var boards = Checked(new Option<int>("--boards") { Description = "simulated boards (each a cluster member with roles npu and gateway)", DefaultValueFactory = _ => 4 }, v => v is >= 1 and <= 64, "in 1..64");
        var boardType = new Option<string>("--board-type") { Description = "simulated board", DefaultValueFactory = _ => "rk3588" }.AcceptOnlyFromAmong("rk3588", "rk3576");
        var clients = Checked(new Option<int?>("--clients") { Description = "closed loop: concurrent clients, each sending its next request when the last ended [default: 4 per board]" }, v => v is null or >= 1, "at least 1");
        var rate = Checked(new Option<double?>("--rate") { Description = "open loop instead: Poisson arrivals, requests per simulated second" }, v => v is null or > 0, "positive");
        var requests = Checked(new Option<int?>("--requests") { Description = "stop sending after this many requests (with --duration: whichever comes first)" }, v => v is null or >= 1, "at least 1");
        var duration = Parsed(new Option<TimeSpan>("--duration") { Description = "simulated time to send requests for, e.g. 30s, 2m [default: 30s]", DefaultValueFactory = _ => TimeSpan.FromSeconds(30) },
            t => DurationText.TryParse(t, out var d) ? d : null, "a positive duration such as 500ms, 30s, 2m or 1h");
        var model = new Option<string?>("--model", "-m") { Description = "simulated model(s) from models.json, comma-separated [default: the first simulated model]" };
        var replicas = Checked(new Option<int?>("--replicas") { Description = "replicas of each model [default: one per board]" }, v => v is null or >= 1, "at least 1");
        var promptTokens = Parsed(new Option<IntRange>("--prompt-tokens") { Description = "prompt length range in tokens, uniform", DefaultValueFactory = _ => new IntRange(32, 256) }, Range, "MIN-MAX or N");
        var outputTokens = Parsed(new Option<IntRange>("--output-tokens") { Description = "output length range in tokens (max_new_tokens), uniform", DefaultValueFactory = _ => new IntRange(32, 128) }, Range, "MIN-MAX or N");
        var timeScale = Checked(new Option<double>("--time-scale") { Description = "wall seconds per simulated second (0.1 runs ten times faster than real time)", DefaultValueFactory = _ => 1.0 }, v => v is >= 0.001 and <= 100, "in 0.001..100");
        var seed = new Option<int>("--seed") { Description = "seed of every random choice of the workload", DefaultValueFactory = _ => 42 };
        var sessions = Checked(new Option<double>("--session-fraction") { Description = "share of requests with a session id (their history stays on the handle)" }, v => v is >= 0 and <= 1, "in 0..1");
        var json = new Option<bool>("--json") { Description = "print the report as JSON instead of a table" };
        var command = options.AddTo(new Command("simulate", "SIMULATED cluster: boards of simulated NPUs in this process under a synthetic workload; reports placement, tokens/s, latency")
        {
            boards, boardType, clients, rate, requests, duration, model, replicas, promptTokens, outputTokens, timeScale, seed, sessions, json,
        });
        command.SetAction((parse, ct) =>
        {
            var models = parse.GetValue(model)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
            var args = new Args(parse.GetValue(boards), parse.GetValue(boardType)!, parse.GetValue(clients), parse.GetValue(rate),
                parse.GetValue(requests), parse.GetValue(duration), models, parse.GetValue(replicas), parse.GetValue(promptTokens),
                parse.GetValue(outputTokens), parse.GetValue(timeScale), parse.GetValue(seed), parse.GetValue(sessions), parse.GetValue(json));
            return SimulateRun.RunAsync(parse, options, args, ct);
        });
        return command;
    }

    private static IntRange? Range(string text)
    {
        try { return IntRange.Parse(text); }
        catch (FormatException) { return null; }
    }

    private static Option<T> Checked<T>(Option<T> option, Func<T, bool> valid, string range)
    {
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<T>() is var value && !valid(value)) result.AddError($"{option.Name} must be {range}, got {value}");
        });
        return option;
    }

    private static Option<T> Parsed<T>(Option<T> option, Func<string, T?> parse, string expected) where T : struct
    {
        option.CustomParser = result =>
        {
            var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
            if (parse(text) is { } value) return value;
            result.AddError($"{option.Name}: '{text}' is not {expected}");
            return default;
        };
        return option;
    }

    internal static long MemoryOf(string boardType) => (long)(SimulatedBoard.DefaultMemoryCapacityMb(boardType) ?? 15360);
}

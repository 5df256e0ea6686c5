using System.CommandLine;
using Nano.NodeHost.Cli;

namespace Nano.LoadGen.Cli;

/// <summary>
/// `Nano.LoadGen`: the load generator's command line. Exit 0 when the run completed (whatever its requests did),
/// 1 when it could not start (unreachable target, failed handshake), 2 on usage errors, 130 when interrupted
/// (the report of what was measured until then is still printed).
/// </summary>
public static class LoadGenCli
{
    public const int CannotStart = 1;
    public const int UsageError = 2;
    public const int Interrupted = 130;

    /// <summary>Parses and runs; usage errors are printed one a line (exit 2) instead of the help.</summary>
    public static Task<int> InvokeAsync(string[] args, InvocationConfiguration? configuration = null, CancellationToken ct = default)
    {
        configuration ??= new InvocationConfiguration();
        var parse = Build().Parse(args);
        if (parse.Errors.Count == 0) return parse.InvokeAsync(configuration, ct);
        foreach (var problem in parse.Errors) configuration.Error.WriteLine($"loadgen: {problem.Message}");
        configuration.Error.WriteLine("loadgen: see --help");
        return Task.FromResult(UsageError);
    }

    public static RootCommand Build()
    {
        var transport = new Option<string>("--transport", "-t") { Description = "tcp, ws (/ws), http (/mcp Streamable HTTP), udp or openai (/v1/chat/completions)", DefaultValueFactory = _ => "tcp" }
            .AcceptOnlyFromAmong("tcp", "ws", "http", "udp", "openai");
        var target = new Option<string?>("--target") { Description = "host:port or URL of the node (loopback) [default: 127.0.0.1 and the transport's default port: tcp 8080, ws/http/openai 8081, udp 8082]", HelpName = "ADDR" };
        var clients = Checked(new Option<int>("--clients", "-c") { Description = "connections (MCP sessions for http); closed loop: each sends its next request when the last one ended", DefaultValueFactory = _ => 1 }, v => v is >= 1 and <= 10_000, "in 1..10000");
        var rate = Checked(new Option<double?>("--rate") { Description = "open loop instead: requests per second on a fixed schedule over the clients, whatever the answers do; latency counts from the scheduled time" }, v => v is null or > 0, "positive");
        var outstanding = Checked(new Option<int?>("--max-outstanding") { Description = "open loop: requests in flight at most [default: 32 per client, nano's max-in-flight]" }, v => v is null or >= 1, "at least 1");
        var requests = Checked(new Option<int?>("--requests", "-n") { Description = "measured requests to send (with --duration: whichever ends first)" }, v => v is null or >= 1, "at least 1");
        var duration = Duration(new Option<TimeSpan?>("--duration", "-d") { Description = "time to send measured requests for, e.g. 30s [default: 10s when --requests is not given]" });
        var warmup = Duration(new Option<TimeSpan?>("--warmup") { Description = "load sent first and not measured, e.g. 2s [default: none]" });
        var model = new Option<string>("--model", "-m") { Description = "model to call (a zero-latency node serves \"zero\")", DefaultValueFactory = _ => "zero" };
        var prompt = new Option<string>("--prompt") { Description = "prompt text", DefaultValueFactory = _ => "Hello" };
        var promptTokens = Checked(new Option<int?>("--prompt-tokens") { Description = "a prompt of this many words instead of --prompt" }, v => v is null or >= 1, "at least 1");
        var maxTokens = Checked(new Option<int>("--max-tokens") { Description = "max_tokens of every request", DefaultValueFactory = _ => 16 }, v => v >= 1, "at least 1");
        var stream = new Option<bool>("--stream") { Description = "stream tokens (MCP progress notifications, OpenAI SSE): adds time to first token and inter-token latency" };
        var timeout = Duration(new Option<TimeSpan?>("--timeout") { Description = "a request unanswered this long is a timeout (and cancelled); also bounds connecting [default: 30s]" });
        var drain = Duration(new Option<TimeSpan?>("--drain") { Description = "after sending stops, how long requests in flight may finish before they are reported abandoned [default: 10s]" });
        var json = new Option<bool>("--json") { Description = "print the report as one JSON object on stdout instead of a table (progress stays on stderr)" };

        var root = new RootCommand("nano's load generator: drives a running node over tcp, ws, http, udp or the OpenAI API and reports " +
                                   "throughput, latency percentiles, time to first token, inter-token latency, errors and shed requests")
        {
            transport, target, clients, rate, outstanding, requests, duration, warmup, model, prompt, promptTokens, maxTokens, stream, timeout, drain, json,
        };
        root.SetAction(async (parse, ct) =>
        {
            var defaults = new LoadOptions();
            var options = new LoadOptions
            {
                Transport = Enum.Parse<LoadTransport>(parse.GetValue(transport)!, ignoreCase: true),
                Target = parse.GetValue(target),
                Clients = parse.GetValue(clients),
                Rate = parse.GetValue(rate),
                MaxOutstanding = parse.GetValue(outstanding),
                Requests = parse.GetValue(requests),
                Duration = parse.GetValue(duration),
                Warmup = parse.GetValue(warmup) ?? TimeSpan.Zero,
                Model = parse.GetValue(model)!,
                Prompt = parse.GetValue(prompt)!,
                PromptTokens = parse.GetValue(promptTokens),
                MaxTokens = parse.GetValue(maxTokens),
                Stream = parse.GetValue(stream),
                Timeout = parse.GetValue(timeout) ?? defaults.Timeout,
                Drain = parse.GetValue(drain) ?? defaults.Drain,
            };
            return await RunAsync(options, parse.GetValue(json), parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, ct);
        });
        return root;
    }

    private static async Task<int> RunAsync(LoadOptions options, bool json, TextWriter output, TextWriter error, CancellationToken ct)
    {
        LoadReport report;
        try
        {
            report = await LoadRunner.RunAsync(options, p => error.WriteLine(ProgressLine.Format(p)), ct);
        }
        catch (LoadGenException e)
        {
            await error.WriteLineAsync($"loadgen: {e.Message}");
            return CannotStart;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return Interrupted;
        }
        if (json) await output.WriteLineAsync(LoadReportJson.Serialize(report));
        else ReportTable.Write(output, report);
        return ct.IsCancellationRequested ? Interrupted : 0;
    }

    private static Option<T> Checked<T>(Option<T> option, Func<T, bool> valid, string range)
    {
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<T>() is var value && !valid(value)) result.AddError($"{option.Name} must be {range}, got {value}");
        });
        return option;
    }

    private static Option<TimeSpan?> Duration(Option<TimeSpan?> option)
    {
        option.HelpName = "DURATION";
        option.CustomParser = result =>
        {
            var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
            if (DurationText.TryParse(text, out var value)) return value;
            result.AddError($"{option.Name}: '{text}' is not a positive duration such as 500ms, 30s, 2m or 1h");
            return null;
        };
        return option;
    }
}

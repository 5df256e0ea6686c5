using System.CommandLine;
using System.CommandLine.Parsing;
using Akka.Actor;
using Akka.Configuration;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Nano.Actors.Hosting;
using Nano.Actors.Protocol;
using Nano.NodeHost.Configuration;
using Nano.NodeHost.Hosting;
using Nano.Runtime;
using Nano.Runtime.Isolation;

namespace Nano.NodeHost.Cli;

/// <summary>
/// `generate`: starts an in-process node, sends one request to its pool and streams the tokens to stdout (like
/// `ollama run`), then a summary line to stderr. Exit 0 on completion, 1 when rejected or failed, 130 on Ctrl+C.
/// </summary>
internal static class GenerateCommand
{
    public const int Cancelled = 130;

    // One-shot commands keep the terminal for the answer: node logs only from warnings up, unless asked.
    internal static readonly Config QuietLogs = ConfigurationFactory.ParseString("nano.logging.level = warning");

    private sealed record Args(string Model, string Prompt, int? MaxTokens, SamplingOverrides? Sampling, string? Session);

    public static Command Create()
    {
        var options = new NodeOptions();
        var model = new Option<string>("--model", "-m") { Description = "model name from models.json", Required = true };
        var prompt = new Option<string>("--prompt", "-p") { Description = "the prompt text", Required = true };
        var maxTokens = Ranged(new Option<int?>("--max-tokens") { Description = "stop after this many new tokens [default: the model's max_new_tokens]" }, v => v >= 1, "at least 1");
        var temperature = Ranged(new Option<float?>("--temperature") { Description = "sampling temperature, 0..2" }, v => v is >= 0 and <= 2, "in 0..2");
        var topP = Ranged(new Option<float?>("--top-p") { Description = "nucleus sampling, (0..1]" }, v => v is > 0 and <= 1, "in (0..1]");
        var topK = Ranged(new Option<int?>("--top-k") { Description = "sample among the k most likely tokens" }, v => v >= 1, "at least 1");
        var session = new Option<string?>("--session") { Description = "session id: requests of one session reuse a handle and its KV cache" };
        var command = options.AddTo(new Command("generate", "stream one completion from an in-process node to the terminal")
        {
            model, prompt, maxTokens, temperature, topP, topK, session,
        });
        command.SetAction((parse, ct) =>
        {
            var (t, p, k) = (parse.GetValue(temperature), parse.GetValue(topP), parse.GetValue(topK));
            var sampling = t is null && p is null && k is null ? null : new SamplingOverrides { Temperature = t, TopP = p, TopK = k };
            var args = new Args(parse.GetValue(model)!, parse.GetValue(prompt)!, parse.GetValue(maxTokens), sampling, parse.GetValue(session));
            return RunAsync(parse, options, args, ct);
        });
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, NodeOptions options, Args args, CancellationToken ct)
    {
        var (output, error) = (parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error);
        var node = options.Load(parse, QuietLogs);
        if (node is null) return NodeOptions.ConfigError;
        using var host = NanoNode.Build(node, error);
        await host.StartAsync(ct);
        try
        {
            var system = host.Services.GetRequiredService<ActorSystem>();
            var pool = await ActorRegistry.For(system).GetAsync<NpuPool>(ct);
            var done = new TaskCompletionSource<GenerateOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
            var printer = system.ActorOf(TokenPrinter.Props(output, done), "generate");
            var requestId = $"cli-{Guid.NewGuid():N}";
            pool.Tell(new GenerateRequest
            {
                RequestId = requestId,
                ModelId = args.Model,
                Input = new RkllmPromptInput(args.Prompt),
                MaxNewTokens = args.MaxTokens,
                Sampling = args.Sampling,
                SessionId = args.Session,
                ReplyTo = printer,
            });

            GenerateOutcome outcome;
            // Ctrl+C cancels the request; its final answer (Cancelled) still arrives and is awaited.
            using (ct.Register(() => pool.Tell(new CancelRequest(args.Model, requestId))))
            {
                // The pool answers every accepted request within its timeout; a first request also loads the model.
                outcome = await done.Task.WaitAsync(node.Pool.RequestTimeout + IsolationOptions.Default.InitTimeout, CancellationToken.None);
            }
            return Report(outcome, output, error, ct.IsCancellationRequested);
        }
        catch (TimeoutException)
        {
            error.WriteLine($"nano: no answer from the pool for model '{args.Model}' in time");
            return 1;
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }

    private static int Report(GenerateOutcome outcome, TextWriter output, TextWriter error, bool cancelled)
    {
        if (!outcome.EndsWithNewline) output.WriteLine();
        output.Flush();
        switch (outcome.Final)
        {
            case Completed completed:
                error.WriteLine(GenerateSummary.Line(completed, outcome));
                return 0;
            case Failed { Code: NanoErrorCode.Cancelled } when cancelled:
                error.WriteLine("nano: cancelled");
                return Cancelled;
            case Failed failed:
                error.WriteLine(GenerateSummary.Failed(failed));
                return 1;
            case Rejected rejected:
                error.WriteLine(GenerateSummary.Rejected(rejected));
                return 1;
            default:
                error.WriteLine($"nano: unexpected answer {outcome.Final.GetType().Name}");
                return 1;
        }
    }

    private static Option<T?> Ranged<T>(Option<T?> option, Func<T, bool> valid, string range) where T : struct
    {
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<T?>() is { } value && !valid(value))
                result.AddError($"{option.Name} must be {range}, got {value}");
        });
        return option;
    }
}

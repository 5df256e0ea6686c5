using Akka.Actor;
using Microsoft.AspNetCore.Http;
using Nano.Actors.Protocol;
using Nano.Gateway.Http;
using Nano.Gateway.Http.Generation;
using Newtonsoft.Json;

namespace Nano.Gateway.OpenAi.Internal;

/// <summary>
/// Runs one chat or text completion and answers it, whole or as SSE. The HTTP status waits for the router's first
/// answer, so a refusal (queue full, no room, unknown model) is a proper error status even when streaming. A stop
/// sequence ends the response (finish_reason "stop") and cancels the run on the board; its usage then counts the
/// chunks forwarded and no prompt tokens (the runtime reports usage only for runs that complete).
/// </summary>
internal sealed class CompletionRunner(HttpApiContext context, OpenAiRequest request, bool simulatedModel)
{
    public async Task RunAsync(HttpContext http)
    {
        var aborted = http.RequestAborted;
        await using var run = GenerationStream.Start(context.System, context.Router, (id, replyTo) => new GenerateRequest
        {
            RequestId = id,
            ModelId = request.Model,
            Input = request.Input,
            Sampling = request.Sampling,
            MaxNewTokens = request.MaxTokens,
            SessionId = request.SessionId,
            FunctionTools = request.Tools,
            ReplyTo = replyTo,
        }, aborted);
        var responses = new Responses(request, run.RequestId) { Simulated = simulatedModel };
        var filter = new OutputFilter(request.Stop, tools: request.Tools is not null);
        var text = new System.Text.StringBuilder();
        var calls = new List<ToolCall>();
        var chunks = 0;
        var started = false;
        try
        {
            await foreach (var reply in run.ReadAllAsync(aborted).ConfigureAwait(false))
            {
                switch (reply)
                {
                    case TokenChunk chunk:
                        chunks++;
                        var events = filter.Push(chunk.Text).ToList();
                        if (request.Stream)
                        {
                            if (!started) started = await StartAsync(http, responses).ConfigureAwait(false);
                            await EmitAsync(http, responses, events, calls).ConfigureAwait(false);
                        }
                        else Collect(events, text, calls);
                        if (filter.Stopped)
                        {
                            await FinishAsync(http, responses, started, text, calls, "stop", new Usage(0, chunks)).ConfigureAwait(false);
                            return; // disposing the stream cancels the run
                        }
                        break;
                    case Completed done:
                        responses.Simulated = done.Origin.Simulated;
                        responses.Origin = done.Origin;
                        var rest = filter.Finish().ToList();
                        if (request.Stream)
                        {
                            if (!started) started = await StartAsync(http, responses).ConfigureAwait(false);
                            await EmitAsync(http, responses, rest, calls).ConfigureAwait(false);
                        }
                        else Collect(rest, text, calls);
                        var finish = calls.Count > 0 ? "tool_calls" : done.Reason == FinishReason.Length ? "length" : "stop";
                        await FinishAsync(http, responses, started, text, calls, finish, done.Usage).ConfigureAwait(false);
                        return;
                    case Failed failed:
                        await FailAsync(http, started, OpenAiError.From(failed)).ConfigureAwait(false);
                        return;
                    case Rejected rejected:
                        await FailAsync(http, started, OpenAiError.From(rejected)).ConfigureAwait(false);
                        return;
                }
            }
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The client went away; disposing the stream cancels the run.
        }
    }

    private static async Task<bool> StartAsync(HttpContext http, Responses responses)
    {
        Sse.Begin(http.Response);
        await Sse.WriteAsync(http.Response, responses.Chunk("", first: true), http.RequestAborted).ConfigureAwait(false);
        return true;
    }

    private static async Task EmitAsync(HttpContext http, Responses responses, List<object> events, List<ToolCall> calls)
    {
        foreach (var e in events)
        {
            if (e is string { Length: > 0 } s) await Sse.WriteAsync(http.Response, responses.Chunk(s), http.RequestAborted).ConfigureAwait(false);
            else if (e is ToolCall call)
            {
                await Sse.WriteAsync(http.Response, responses.Chunk(null, [call], callIndex: calls.Count), http.RequestAborted).ConfigureAwait(false);
                calls.Add(call);
            }
        }
    }

    private static void Collect(List<object> events, System.Text.StringBuilder text, List<ToolCall> calls)
    {
        foreach (var e in events)
            if (e is string s) text.Append(s);
            else if (e is ToolCall call) calls.Add(call);
    }

    private async Task FinishAsync(HttpContext http, Responses responses, bool started, System.Text.StringBuilder text, List<ToolCall> calls, string finish, Usage usage)
    {
        if (!request.Stream)
        {
            http.Response.ContentType = "application/json";
            await http.Response.WriteAsync(responses.Complete(text.ToString(), calls, finish, usage).ToString(Formatting.None), http.RequestAborted).ConfigureAwait(false);
            return;
        }
        if (!started) await StartAsync(http, responses).ConfigureAwait(false);
        await Sse.WriteAsync(http.Response, responses.Chunk(null, finish: finish), http.RequestAborted).ConfigureAwait(false);
        if (request.IncludeUsage) await Sse.WriteAsync(http.Response, responses.UsageChunk(usage), http.RequestAborted).ConfigureAwait(false);
        await Sse.DoneAsync(http.Response, http.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>Before the stream started: an error status. After: an error event (OpenAI's clients raise it), then the end.</summary>
    private static async Task FailAsync(HttpContext http, bool started, OpenAiError error)
    {
        if (!started)
        {
            await error.WriteAsync(http).ConfigureAwait(false);
            return;
        }
        await Sse.WriteAsync(http.Response, error.Body(), http.RequestAborted).ConfigureAwait(false);
    }
}

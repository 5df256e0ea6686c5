using System.Buffers;
using Akka.Actor;
using Microsoft.AspNetCore.Http;
using Nano.Actors.Protocol;
using Nano.Gateway.Http;
using Nano.Gateway.Http.Generation;
using Nano.Gateway.JsonRpc.Internal;

namespace Nano.Gateway.OpenAi.Internal;

/// <summary>
/// Runs one chat or text completion and answers it, whole or as SSE. The HTTP status waits for the router's first
/// answer, so a refusal (queue full, no room, unknown model) is a proper error status even when streaming. A stop
/// sequence ends the response (finish_reason "stop") and cancels the run on the board; its usage then counts the
/// chunks forwarded and no prompt tokens (the runtime reports usage only for runs that complete). Streamed events are
/// written into the response pipe as they come and flushed when no further answer is queued (or every
/// <see cref="Sse.FlushEveryEvents"/>): tokens that arrived together leave in one write, the last is never held back.
/// </summary>
internal sealed class CompletionRunner(HttpApiContext context, OpenAiRequest request, bool simulatedModel)
{
    private int _unflushed;

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
                        var events = filter.Push(chunk.Text);
                        if (request.Stream)
                        {
                            if (!started) started = Start(http, responses);
                            Emit(http, responses, events, calls);
                        }
                        else Collect(events, text, calls);
                        if (filter.Stopped)
                        {
                            await FinishAsync(http, responses, started, text, calls, "stop", new Usage(0, chunks)).ConfigureAwait(false);
                            return; // disposing the stream cancels the run
                        }
                        if (started && _unflushed > 0 && (!run.HasQueued || _unflushed >= Sse.FlushEveryEvents)
                            && !await FlushAsync(http).ConfigureAwait(false))
                            return; // the client is gone; disposing the stream cancels the run
                        break;
                    case Completed done:
                        responses.Simulated = done.Origin.Simulated;
                        responses.Origin = done.Origin;
                        var rest = filter.Finish();
                        if (request.Stream)
                        {
                            if (!started) started = Start(http, responses);
                            Emit(http, responses, rest, calls);
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

    private bool Start(HttpContext http, Responses responses)
    {
        Sse.Begin(http.Response);
        var writer = http.Response.BodyWriter;
        Sse.Open(writer);
        responses.Chunk(writer, "", first: true);
        Sse.Close(writer);
        _unflushed++;
        return true;
    }

    private void Emit(HttpContext http, Responses responses, IReadOnlyList<object> events, List<ToolCall> calls)
    {
        var writer = http.Response.BodyWriter;
        foreach (var e in events)
        {
            if (e is string { Length: > 0 } s)
            {
                Sse.Open(writer);
                responses.TextChunk(writer, s);
                Sse.Close(writer);
                _unflushed++;
            }
            else if (e is ToolCall call)
            {
                Sse.Open(writer);
                responses.Chunk(writer, null, [call], callIndex: calls.Count);
                Sse.Close(writer);
                _unflushed++;
                calls.Add(call);
            }
        }
    }

    private static void Collect(IReadOnlyList<object> events, System.Text.StringBuilder text, List<ToolCall> calls)
    {
        foreach (var e in events)
            if (e is string s) text.Append(s);
            else if (e is ToolCall call) calls.Add(call);
    }

    private ValueTask<bool> FlushAsync(HttpContext http)
    {
        _unflushed = 0;
        return Sse.FlushAsync(http.Response.BodyWriter, http.RequestAborted);
    }

    private async Task FinishAsync(HttpContext http, Responses responses, bool started, System.Text.StringBuilder text, List<ToolCall> calls, string finish, Usage usage)
    {
        if (!request.Stream)
        {
            // Whole, then sent with its length: one write, no chunked framing.
            using var body = new PooledBufferWriter(1024);
            responses.Complete(body, text.ToString(), calls, finish, usage);
            http.Response.ContentType = "application/json";
            http.Response.ContentLength = body.WrittenCount;
            http.Response.BodyWriter.Write(body.WrittenSpan);
            await Sse.FlushAsync(http.Response.BodyWriter, http.RequestAborted).ConfigureAwait(false);
            return;
        }
        if (!started) Start(http, responses);
        var writer = http.Response.BodyWriter;
        Sse.Open(writer);
        responses.Chunk(writer, null, finish: finish);
        Sse.Close(writer);
        if (request.IncludeUsage)
        {
            Sse.Open(writer);
            responses.UsageChunk(writer, usage);
            Sse.Close(writer);
        }
        Sse.Done(writer);
        await FlushAsync(http).ConfigureAwait(false);
    }

    /// <summary>Before the stream started: an error status. After: an error event (OpenAI's clients raise it), then the end.</summary>
    private async Task FailAsync(HttpContext http, bool started, OpenAiError error)
    {
        if (!started)
        {
            await error.WriteAsync(http).ConfigureAwait(false);
            return;
        }
        Sse.Write(http.Response.BodyWriter, error.Body());
        await FlushAsync(http).ConfigureAwait(false);
    }
}

using System.Diagnostics;
using System.Text;
using Microsoft.AspNetCore.Http;
using Nano.Actors.Protocol;
using Nano.Gateway.Http;
using Nano.Gateway.Http.Generation;

namespace Nano.Gateway.Ollama.Internal;

/// <summary>
/// Runs an <see cref="OllamaRun"/>: NDJSON lines as tokens come (the status is chosen at the first answer, so a
/// refusal before any token is still a proper HTTP error), or one object when <c>stream</c> is false. Client
/// disconnect cancels the run on the board (GenerationStream watches RequestAborted); so does a stop sequence.
/// </summary>
internal static class OllamaRunner
{
    public static async Task RunAsync(HttpContext http, HttpApiContext api, OllamaRun run)
    {
        var started = Stopwatch.GetTimestamp();
        var lines = new OllamaLines(run);
        var stops = new StopSequences(run.Options.Stop);
        var text = new StringBuilder();
        var chunks = 0;
        object? final = null;
        await using var generation = GenerationStream.Start(api.System, api.Router, (id, replyTo) => new GenerateRequest
        {
            RequestId = id,
            ModelId = run.Model,
            Input = run.Input,
            Sampling = run.Options.Sampling,
            MaxNewTokens = run.Options.MaxNewTokens,
            ReplyTo = replyTo,
        }, http.RequestAborted);
        try
        {
            await foreach (var reply in generation.ReadAllAsync(http.RequestAborted))
            {
                if (reply is not TokenChunk chunk)
                {
                    final = reply;
                    break;
                }
                chunks++;
                var ready = stops.Feed(chunk.Text);
                if (run.Stream && ready.Length > 0) await SendAsync(http, lines.Chunk(ready));
                else text.Append(ready);
                if (stops.Stopped) break;
            }
            var elapsed = Stopwatch.GetElapsedTime(started);
            if (stops.Stopped)
            {
                await EndAsync(http, run, lines.StoppedEarly(text.ToString(), chunks, elapsed, generation.RequestId));
                return;
            }
            if (final is not Completed done)
            {
                if (http.Response.HasStarted) await OllamaJson.WriteLineAsync(http, new() { ["error"] = OllamaErrors.Of(final!).Message });
                else await OllamaErrors.WriteAsync(http, final!);
                return;
            }
            var rest = stops.Flush();
            if (run.Stream && rest.Length > 0) await SendAsync(http, lines.Chunk(rest));
            else text.Append(rest);
            await EndAsync(http, run, lines.Done(text.ToString(), done, elapsed));
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            // The client went away; disposing the stream cancels the run.
        }
    }

    private static async Task SendAsync(HttpContext http, Newtonsoft.Json.Linq.JObject line)
    {
        if (!http.Response.HasStarted)
        {
            http.Response.StatusCode = StatusCodes.Status200OK;
            http.Response.ContentType = OllamaJson.NdJson;
        }
        await OllamaJson.WriteLineAsync(http, line);
    }

    private static Task EndAsync(HttpContext http, OllamaRun run, Newtonsoft.Json.Linq.JObject done) =>
        run.Stream ? SendAsync(http, done) : OllamaJson.WriteAsync(http, done);
}

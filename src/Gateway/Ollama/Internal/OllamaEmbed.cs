using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Nano.Actors.Protocol;
using Nano.Gateway.Http;
using Nano.Gateway.Http.Generation;
using Nano.Runtime;
using Newtonsoft.Json.Linq;

namespace Nano.Gateway.Ollama.Internal;

/// <summary>
/// /api/embed: each input runs once with RKLLM_INFER_GET_LAST_HIDDEN_LAYER; the last token's hidden state,
/// L2-normalised as Ollama's are, is its embedding. Inputs run one after another (each is one NPU run).
/// </summary>
internal static class OllamaEmbed
{
    public static async Task EmbedAsync(HttpContext http, HttpApiContext api)
    {
        if (await OllamaJson.ReadAsync(http, api) is not { } body) return;
        var fields = new OllamaFields(body);
        var name = fields.String("model");
        if (string.IsNullOrEmpty(name)) fields.Fail("'model' is required");
        var inputs = fields.Strings("input", single: true) ?? [];
        if (inputs.Count == 0) fields.Fail("'input' must be a non-empty string or array of strings");
        fields.Boolean("truncate");
        var definition = name is null ? null : api.Server.FindModel(OllamaRun.ModelName(name, api.Server.Models));
        if (api.Server.Guard.Messages(inputs.Count, "input") is { } tooMany) fields.Fail(tooMany.Message);
        else
            foreach (var input in inputs)
                if ((api.Server.Guard.Text(input, "input") ?? api.Server.Guard.Context(definition, input, "input")) is { } over)
                {
                    fields.Fail(over.Message);
                    break;
                }
        if (fields.Error is { } error)
        {
            await OllamaErrors.WriteAsync(http, StatusCodes.Status400BadRequest, error);
            return;
        }
        var model = OllamaRun.ModelName(name!, api.Server.Models);
        if (await OllamaErrors.HiddenAsync(http, model)) return;
        var started = Stopwatch.GetTimestamp();
        var embeddings = new JArray();
        var promptTokens = 0;
        var simulated = false;
        foreach (var input in inputs)
        {
            await using var run = GenerationStream.Start(api.System, api.Router, (id, replyTo) => new GenerateRequest
            {
                RequestId = id, ModelId = model, Input = new RkllmPromptInput(input), Mode = RkllmInferMode.LastHiddenLayer, ReplyTo = replyTo,
            }, http.RequestAborted);
            var (_, final) = await run.CollectAsync(http.RequestAborted);
            if (final is not Completed done)
            {
                await OllamaErrors.WriteAsync(http, final);
                return;
            }
            if (LastRow(done) is not { } vector)
            {
                await OllamaErrors.WriteAsync(http, StatusCodes.Status500InternalServerError, $"the runtime returned no hidden layer for model '{model}'");
                return;
            }
            embeddings.Add(new JArray(vector));
            promptTokens += done.Usage.PromptTokens;
            simulated |= done.Origin.Simulated;
        }
        await OllamaJson.WriteAsync(http, new JObject
        {
            ["model"] = model,
            ["embeddings"] = embeddings,
            ["total_duration"] = (long)(Stopwatch.GetElapsedTime(started).TotalMilliseconds * 1_000_000),
            ["load_duration"] = 0,
            ["prompt_eval_count"] = promptTokens,
            ["nano"] = new JObject { ["simulated"] = simulated },
        });
    }

    private static float[]? LastRow(Completed done)
    {
        var width = done.VectorWidth;
        if (done.Vectors is not { Length: > 0 } vectors || width <= 0 || vectors.Length % width != 0) return null;
        var row = vectors.AsSpan(vectors.Length - width, width).ToArray();
        for (var i = 0; i < row.Length; i++) if (!float.IsFinite(row[i])) row[i] = 0;
        var norm = MathF.Sqrt(row.Sum(v => v * v));
        if (norm > 0) for (var i = 0; i < row.Length; i++) row[i] /= norm;
        return row;
    }
}

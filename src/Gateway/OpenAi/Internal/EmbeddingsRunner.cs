using Microsoft.AspNetCore.Http;
using Nano.Actors.Configuration;
using Nano.Actors.Protocol;
using Nano.Gateway.Http;
using Nano.Gateway.Http.Generation;
using Nano.Runtime;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Nano.Gateway.OpenAi.Internal;

/// <summary>
/// /v1/embeddings: one RKLLM_INFER_GET_LAST_HIDDEN_LAYER run per input string, the last token's row as the
/// embedding (as the MCP embeddings tool's default "last" pooling). encoding_format float or base64 (float32 LE).
/// </summary>
internal static class EmbeddingsRunner
{
    public static async Task RunAsync(HttpContext http, HttpApiContext context, JObject body, ModelDefinition model, string? sessionId)
    {
        var inputs = body["input"] switch
        {
            JValue { Type: JTokenType.String } s => [(string)s!],
            JArray { Count: > 0 } a when a.All(t => t.Type == JTokenType.String) => a.Values<string>().Select(s => s!).ToList(),
            _ => throw new BadFieldException("'input' must be a string or a non-empty array of strings (token arrays are not supported)", "input"),
        };
        var guard = context.Server.Guard;
        BadFieldException.ThrowIf(guard.Messages(inputs.Count, "input"));
        foreach (var input in inputs) BadFieldException.ThrowIf(guard.Text(input, "input") ?? guard.Context(model, input, "input"));
        var base64 = BodyFields.String(body, "encoding_format") switch
        {
            null or "float" => false,
            "base64" => true,
            _ => throw new BadFieldException("'encoding_format' must be float or base64", "encoding_format"),
        };
        var data = new JArray();
        var (tokens, simulated) = (0, false);
        RunOrigin? origin = null;
        for (var i = 0; i < inputs.Count; i++)
        {
            await using var run = GenerationStream.Start(context.System, context.Router, (id, replyTo) => new GenerateRequest
            {
                RequestId = id, ModelId = model.Name, Input = new RkllmPromptInput(inputs[i]), Mode = RkllmInferMode.LastHiddenLayer,
                SessionId = sessionId, ReplyTo = replyTo,
            }, http.RequestAborted);
            var (_, final) = await run.CollectAsync(http.RequestAborted).ConfigureAwait(false);
            var error = final switch
            {
                Failed f => OpenAiError.From(f),
                Rejected r => OpenAiError.From(r),
                Completed { Vectors: not { Length: > 0 } } or Completed { VectorWidth: <= 0 } =>
                    OpenAiError.From(NanoErrorCode.RuntimeFault, $"the runtime returned no hidden layer for model '{model.Name}'"),
                _ => null,
            };
            if (error is not null)
            {
                await error.WriteAsync(http).ConfigureAwait(false);
                return;
            }
            var done = (Completed)final;
            var width = done.VectorWidth;
            var row = done.Vectors!.AsSpan(done.Vectors!.Length - width, width).ToArray();
            data.Add(new JObject
            {
                ["object"] = "embedding",
                ["index"] = i,
                ["embedding"] = base64 ? Base64(row) : new JArray(row.Select(v => float.IsFinite(v) ? v : 0f)),
            });
            tokens += done.Usage.PromptTokens;
            simulated |= done.Origin.Simulated;
            origin = done.Origin;
        }
        var response = new JObject
        {
            ["object"] = "list",
            ["data"] = data,
            ["model"] = model.Name,
            ["usage"] = new JObject { ["prompt_tokens"] = tokens, ["total_tokens"] = tokens },
            ["nano"] = new JObject { ["simulated"] = simulated, ["node"] = origin?.Node, ["runtime"] = origin?.Runtime },
        };
        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync(response.ToString(Formatting.None), http.RequestAborted).ConfigureAwait(false);
    }

    private static string Base64(float[] row)
    {
        var bytes = new byte[row.Length * sizeof(float)];
        for (var i = 0; i < row.Length; i++) System.Buffers.Binary.BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * 4), row[i]);
        return Convert.ToBase64String(bytes);
    }
}

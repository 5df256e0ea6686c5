using Nano.Actors.Protocol;

namespace Nano.Gateway.Ollama.Internal;

/// <summary>
/// Ollama's <c>options</c> as nano applies them: sampling overrides, num_predict as max new tokens and stop
/// sequences (cut by the gateway). seed, num_ctx and the rest are accepted and ignored: RKLLM has no per-run seed and
/// the context length is fixed when a handle loads.
/// </summary>
internal sealed record OllamaOptions(SamplingOverrides? Sampling, int? MaxNewTokens, IReadOnlyList<string> Stop)
{
    public static OllamaOptions Bind(OllamaFields fields)
    {
        if (fields.Object("options") is not { } o) return new(null, null, []);
        var sampling = new SamplingOverrides
        {
            Temperature = (float?)Range(fields, "temperature", o, 0, 100),
            TopP = (float?)Range(fields, "top_p", o, 0, 1),
            TopK = (int?)IntRange(fields, "top_k", o, 1, int.MaxValue),
            RepeatPenalty = (float?)Range(fields, "repeat_penalty", o, 0, 100),
            FrequencyPenalty = (float?)Range(fields, "frequency_penalty", o, -100, 100),
            PresencePenalty = (float?)Range(fields, "presence_penalty", o, -100, 100),
        };
        fields.Integer("seed", o);
        // Ollama: -1 generates until the model stops, -2 until the context is full; nano's model default bounds both.
        var predict = IntRange(fields, "num_predict", o, -2, 1_048_576);
        var stop = fields.Strings("stop", o, single: true) ?? [];
        if (stop.Any(s => s.Length == 0)) fields.Fail("'stop' sequences must not be empty");
        return new(sampling == new SamplingOverrides() ? null : sampling, predict is > 0 ? (int)predict : null, stop);
    }

    private static double? Range(OllamaFields fields, string name, Newtonsoft.Json.Linq.JObject o, double min, double max)
    {
        var value = fields.Number(name, o);
        if (value is null || value >= min && value <= max) return value;
        fields.Fail($"'{name}' must be from {min} to {max}");
        return null;
    }

    private static long? IntRange(OllamaFields fields, string name, Newtonsoft.Json.Linq.JObject o, long min, long max)
    {
        var value = fields.Integer(name, o);
        if (value is null || value >= min && value <= max) return value;
        fields.Fail($"'{name}' must be an integer from {min} to {max}");
        return null;
    }
}

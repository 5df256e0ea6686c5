using Nano.Runtime;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Nano.Actors.Configuration.Internal;

/// <summary>Reads the nested sections of one model: sampling, LoRA adapters, prompt caches, templates, tools, multimodal.</summary>
internal static class ModelsConfigSections
{
    public static readonly string[] SamplingKeys =
        ["top_k", "top_p", "temperature", "repeat_penalty", "frequency_penalty", "presence_penalty", "mirostat", "mirostat_tau", "mirostat_eta"];

    public static RkllmSampling Sampling(ModelsConfigReader? s)
    {
        var d = RkllmSampling.Default;
        if (s is null) return d;
        s.RejectUnknownKeys(SamplingKeys);
        return new RkllmSampling
        {
            TopK = (int?)s.Long("top_k", 1, int.MaxValue) ?? d.TopK,
            TopP = s.Float("top_p", v => v > 0 && v <= 1, "(0..1]") ?? d.TopP,
            Temperature = s.Float("temperature", v => v is >= 0 and <= 2, "[0..2]") ?? d.Temperature,
            RepeatPenalty = s.Float("repeat_penalty", v => v > 0 && v <= 2, "(0..2]") ?? d.RepeatPenalty,
            FrequencyPenalty = s.Float("frequency_penalty", v => v is >= -2 and <= 2, "[-2..2]") ?? d.FrequencyPenalty,
            PresencePenalty = s.Float("presence_penalty", v => v is >= -2 and <= 2, "[-2..2]") ?? d.PresencePenalty,
            Mirostat = s.Int("mirostat", 0, 2) ?? d.Mirostat,
            MirostatTau = s.Float("mirostat_tau", v => v > 0 && v <= 100, "(0..100]") ?? d.MirostatTau,
            MirostatEta = s.Float("mirostat_eta", v => v > 0 && v <= 1, "(0..1]") ?? d.MirostatEta,
        };
    }

    public static IReadOnlyList<LoraDefinition> Loras(ModelsConfigReader model, ModelsConfigPaths paths) =>
        Named(model, "loras", ["name", "path", "scale"], (item, name) =>
        {
            var path = item.String("path", required: true);
            var full = path is null ? null : paths.ResolveInRoots(path, item.PathOf("path"), item.Errors);
            var scale = item.Float("scale", v => v is >= 0 and <= 10, "[0..10]") ?? 1.0f;
            return full is null ? null : new LoraDefinition(name, full, scale);
        });

    // A run may save a prompt cache, so its file need not exist yet; its folder must, inside the roots.
    public static IReadOnlyList<PromptCacheDefinition> PromptCaches(ModelsConfigReader model, ModelsConfigPaths paths) =>
        Named(model, "prompt_caches", ["name", "path"], (item, name) =>
        {
            var path = item.String("path", required: true);
            var full = path is null ? null : paths.ResolveInRoots(path, item.PathOf("path"), item.Errors, mustExist: false);
            return full is null ? null : new PromptCacheDefinition(name, full);
        });

    public static ChatTemplateDefinition? ChatTemplate(ModelsConfigReader? t)
    {
        if (t is null) return null;
        t.RejectUnknownKeys(["system_prompt", "prompt_prefix", "prompt_postfix"]);
        return new ChatTemplateDefinition(t.String("system_prompt") ?? "", t.String("prompt_prefix") ?? "", t.String("prompt_postfix") ?? "");
    }

    /// <summary>tools is a JSON array, written inline or as a string holding one (the runtime takes it as text).</summary>
    public static FunctionToolsDefinition? FunctionTools(ModelsConfigReader? f)
    {
        if (f is null) return null;
        f.RejectUnknownKeys(["system_prompt", "tools", "tool_response_str"]);
        var toolsJson = "[]";
        switch (f.Raw("tools"))
        {
            case null: f.Errors.Add(f.PathOf("tools"), "is required"); break;
            case JArray a: toolsJson = a.ToString(Formatting.None); break;
            case JValue { Type: JTokenType.String } v:
                try
                {
                    if (JToken.Parse((string)v!) is JArray parsed) toolsJson = parsed.ToString(Formatting.None);
                    else f.Errors.Add(f.PathOf("tools"), "the string must hold a JSON array");
                }
                catch (JsonReaderException e) { f.Errors.Add(f.PathOf("tools"), $"the string is not valid JSON: {e.Message}"); }
                break;
            case var other: f.Errors.Add(f.PathOf("tools"), $"expected an array or a string, got {ModelsConfigReader.Describe(other)}"); break;
        }
        return new FunctionToolsDefinition(f.String("system_prompt") ?? "", toolsJson, f.String("tool_response_str") ?? "<tool_response>");
    }

    /// <summary>The vision encoder; simulated models may name a simulated encoder (sim://...) instead of a file.</summary>
    public static MultimodalDefinition? Multimodal(ModelsConfigReader? m, ModelsConfigPaths paths, bool simulated)
    {
        if (m is null) return null;
        m.RejectUnknownKeys(["encoder_path", "image_tokens", "embed_dim", "image_width", "image_height", "image_start", "image_end", "image_content"]);
        var encoder = m.String("encoder_path", required: true);
        string? full = null;
        if (encoder is not null && encoder.StartsWith(ModelsConfigValidator.SimScheme, StringComparison.Ordinal))
        {
            if (simulated) full = encoder;
            else m.Errors.Add(m.PathOf("encoder_path"), $"'{encoder}' is a simulated encoder; this model's runtime needs a file");
        }
        else if (encoder is not null) full = paths.ResolveInRoots(encoder, m.PathOf("encoder_path"), m.Errors);
        var tokens = m.Int("image_tokens", 1, 65536);
        var dim = m.Int("embed_dim", 1, 65536);
        var width = m.Int("image_width", 1, 8192);
        var height = m.Int("image_height", 1, 8192);
        foreach (var (key, value) in new[] { ("image_tokens", tokens), ("embed_dim", dim), ("image_width", width), ("image_height", height) })
            if (value is null && m.Raw(key) is null) m.Errors.Add(m.PathOf(key), "is required");
        if (full is null || tokens is null || dim is null || width is null || height is null) return null;
        var d = new MultimodalDefinition(full, tokens.Value, dim.Value, width.Value, height.Value);
        return d with
        {
            ImageStart = m.String("image_start") ?? d.ImageStart,
            ImageEnd = m.String("image_end") ?? d.ImageEnd,
            ImageContent = m.String("image_content") ?? d.ImageContent,
        };
    }

    // Arrays of {name, ...} objects: names required and unique within the model.
    private static IReadOnlyList<T> Named<T>(ModelsConfigReader model, string key, string[] known, Func<ModelsConfigReader, string, T?> read) where T : class
    {
        var array = model.Array(key);
        if (array is null) return [];
        var result = new List<T>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < array.Count; i++)
        {
            var at = $"{model.PathOf(key)}[{i}]";
            if (array[i] is not JObject o) { model.Errors.Add(at, $"expected an object, got {ModelsConfigReader.Describe(array[i])}"); continue; }
            var item = new ModelsConfigReader(o, at, model.Errors);
            item.RejectUnknownKeys(known);
            var name = item.String("name", required: true);
            if (name is not null && !seen.Add(name)) model.Errors.Add(item.PathOf("name"), $"duplicate name '{name}'");
            if (read(item, name ?? "") is { } value && name is not null) result.Add(value);
        }
        return result;
    }
}

using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Nano.Runtime.Sim.Internal;

/// <summary>
/// Resolves the simulated "model file": either the pseudo path sim://&lt;profile&gt; (board from the runtime), or a
/// small JSON file naming a profile ({"profile":"qwen2.5-1.5b-w8a8","board":"rk3588"}) or giving explicit numbers
/// ({"ttft_ms":..,"tokens_per_s":..,"memory_mb":..,"prompt_tokens_ref":128}).
/// </summary>
internal static class SimModelSpec
{
    public const string Scheme = "sim://";
    private const string Function = "rkllm_init";

    private static readonly HashSet<string> Keys =
        ["profile", "board", "name", "ttft_ms", "tokens_per_s", "memory_mb", "prompt_tokens_ref", "vision", "embd_size", "vocab_size"];

    public static SimProfile Resolve(string modelPath, string board)
    {
        if (string.IsNullOrWhiteSpace(modelPath)) throw Fail("model path is empty");
        if (modelPath.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
            return Lookup(modelPath[Scheme.Length..], board);
        if (!File.Exists(modelPath))
            throw Fail($"simulated model file '{modelPath}' not found (expected sim://<profile> or a JSON profile file)");

        JObject json;
        try { json = JObject.Parse(File.ReadAllText(modelPath)); }
        catch (Exception e) when (e is JsonException or IOException)
        {
            throw Fail($"simulated model file '{modelPath}' is not a JSON object: {e.Message}");
        }
        return FromJson(json, board, modelPath);
    }

    private static SimProfile FromJson(JObject json, string board, string path)
    {
        var unknown = json.Properties().Select(p => p.Name).Where(n => !Keys.Contains(n)).ToList();
        if (unknown.Count > 0)
            throw Fail($"'{path}': unknown keys {string.Join(", ", unknown)}; allowed: {string.Join(", ", Keys)}");

        var fileBoard = json.Value<string>("board");
        if (fileBoard is not null && !string.Equals(fileBoard, board, StringComparison.OrdinalIgnoreCase))
            throw Fail($"'{path}' is for board {fileBoard} but this simulated board is {board}");

        var profileName = json.Value<string>("profile");
        var explicitKeys = new[] { "ttft_ms", "tokens_per_s", "memory_mb", "prompt_tokens_ref" }.Where(k => json[k] is not null).ToList();
        SimProfile profile;
        if (profileName is not null)
        {
            if (explicitKeys.Count > 0)
                throw Fail($"'{path}': give either a profile or explicit numbers, not both ({string.Join(", ", explicitKeys)})");
            profile = Lookup(profileName, board);
        }
        else
        {
            var ttft = Positive(json, "ttft_ms", path);
            var rate = Positive(json, "tokens_per_s", path);
            var memory = Positive(json, "memory_mb", path);
            var name = json.Value<string>("name") ?? "custom";
            profile = new SimProfile(name, board, name, "?", "?", ttft, rate, memory)
            {
                PromptTokensRef = json["prompt_tokens_ref"] is null ? 128 : (int)Positive(json, "prompt_tokens_ref", path),
                Source = $"explicit numbers from {Path.GetFileName(path)}",
            };
        }

        SimProfile result;
        try
        {
            result = profile with
            {
                IsVision = json.Value<bool?>("vision") ?? profile.IsVision,
                EmbdSize = json.Value<int?>("embd_size") ?? profile.EmbdSize,
                VocabSize = json.Value<int?>("vocab_size") ?? profile.VocabSize,
            };
        }
        catch (Exception e) when (e is FormatException or InvalidCastException or ArgumentException)
        {
            throw Fail($"'{path}': {e.Message}");
        }
        // The simulated vocabulary must fit in the logits so generate and logits modes agree.
        if (result.EmbdSize <= 0 || result.VocabSize < SimText.VocabSize)
            throw Fail($"'{path}': embd_size must be > 0 and vocab_size >= {SimText.VocabSize}");
        return result;
    }

    private static SimProfile Lookup(string name, string board) =>
        SimProfiles.Find(board, name)
        ?? throw Fail($"unknown simulated profile '{name}' for board {board}; known: {string.Join(", ", SimProfiles.For(board).Select(p => p.Name))}" +
                      " (other models: a JSON file with explicit ttft_ms, tokens_per_s, memory_mb)");

    private static double Positive(JObject json, string key, string path)
    {
        double? value;
        try { value = json.Value<double?>(key); }
        catch (Exception e) when (e is FormatException or InvalidCastException) { value = null; }
        return value is > 0 and < double.PositiveInfinity ? value.Value : throw Fail($"'{path}': {key} must be a positive number");
    }

    private static RkllmException Fail(string message) => new(Function, -1, message);
}

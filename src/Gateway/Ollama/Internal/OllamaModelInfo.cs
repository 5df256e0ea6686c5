using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Nano.Actors.Configuration;
using Nano.Runtime;
using Newtonsoft.Json.Linq;

namespace Nano.Gateway.Ollama.Internal;

/// <summary>
/// What Ollama's model listings say about a model, from what nano knows: family, size and quantization are read
/// from the model's file name (qwen2.5-1.5b-w8a8.rkllm), size and modified_at from the file when it exists (the
/// memory limit and the node's start otherwise), and the digest hashes the definition, not the (multi-GB) file.
/// </summary>
internal static partial class OllamaModelInfo
{
    private static readonly DateTimeOffset NodeStarted = Process.GetCurrentProcess().StartTime.ToUniversalTime();

    public static bool IsSimulated(ModelDefinition? model) => model?.Runtime.Kind == RuntimeKind.Simulated;

    public static string Digest(ModelDefinition? model, string name) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{name}\n{model?.Path}")));

    public static JObject Details(ModelDefinition? model)
    {
        // Not GetFileNameWithoutExtension: "qwen2-0.5b" would lose ".5b" as an extension.
        var file = Path.GetFileName(model?.Path.Replace("sim://", "", StringComparison.Ordinal) ?? "").ToLowerInvariant();
        if (file.EndsWith(".rkllm", StringComparison.Ordinal)) file = file[..^".rkllm".Length];
        var parts = file.Split('-', '_');
        var family = parts.Length > 0 ? FamilyPattern().Match(parts[0]).Value : "";
        if (family.Length == 0) family = "unknown";
        var size = parts.FirstOrDefault(p => SizePattern().IsMatch(p))?.ToUpperInvariant() ?? "";
        var quant = QuantPattern().Match(file) is { Success: true } q ? q.Value.ToUpperInvariant() : "";
        return new JObject
        {
            ["parent_model"] = "",
            ["format"] = "rkllm",
            ["family"] = family,
            ["families"] = new JArray(family),
            ["parameter_size"] = size,
            ["quantization_level"] = quant,
        };
    }

    /// <summary>Bytes on disk, or the configured memory limit when there is no file (simulated models).</summary>
    public static long Size(ModelDefinition? model)
    {
        if (model is null) return 0;
        var file = new FileInfo(model.Path);
        return !IsSimulated(model) && file.Exists ? file.Length : model.MemoryLimitMb * 1024 * 1024;
    }

    public static DateTimeOffset ModifiedAt(ModelDefinition? model)
    {
        if (model is null || IsSimulated(model)) return NodeStarted;
        var file = new FileInfo(model.Path);
        return file.Exists ? file.LastWriteTimeUtc : NodeStarted;
    }

    [GeneratedRegex("^[a-z]+")]
    private static partial Regex FamilyPattern();

    [GeneratedRegex(@"^\d+(\.\d+)?[bm]$")]
    private static partial Regex SizePattern();

    [GeneratedRegex(@"w\d+a\d+(_g\d+|-g\d+)?")]
    private static partial Regex QuantPattern();
}

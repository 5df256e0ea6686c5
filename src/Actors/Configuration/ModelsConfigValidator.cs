using System.Text.RegularExpressions;
using Nano.Actors.Configuration.Internal;
using Nano.Runtime;
using Newtonsoft.Json.Linq;

namespace Nano.Actors.Configuration;

/// <summary>
/// Turns the "models" array of models.json into <see cref="ModelDefinition"/>s, recording every problem with its
/// JSON path (models[1].max_instances) instead of stopping at the first one.
/// </summary>
internal static partial class ModelsConfigValidator
{
    /// <summary>Paths of simulated models may name a calibrated profile instead of a file.</summary>
    public const string SimScheme = "sim://";

    public static readonly string[] ModelKeys =
    [
        "name", "path", "runtime", "abi", "library_path", "isolated", "hang_timeout_ms", "rss_limit_mb", "board", "seed", "max_instances", "replicas", "memory_limit_mb",
        "max_context_len", "max_new_tokens", "n_batch", "preload", "sampling", "loras", "prompt_caches", "chat_template",
        "function_tools", "multimodal",
    ];

    // Upper bounds of the numeric keys, shared by the JSON validation and Check.
    private const int MaxInstancesLimit = 8;
    private const int ReplicasLimit = 64;
    private const int MaxContextLimit = 131072;
    private const int NBatchLimit = 8;

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$")]
    private static partial Regex NamePattern();

    private static string BadName(string name) => $"'{name}' must be 1-64 letters, digits or . _ : - (starting with a letter or digit)";

    public static IReadOnlyList<ModelDefinition> Models(JArray models, ModelsConfigPaths paths, ModelsConfigOptions options, ModelsConfigErrors errors)
    {
        var result = new List<ModelDefinition>();
        var firstIndex = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < models.Count; i++)
        {
            var at = $"models[{i}]";
            if (models[i] is not JObject o) { errors.Add(at, $"expected an object, got {ModelsConfigReader.Describe(models[i])}"); continue; }
            var reader = new ModelsConfigReader(o, at, errors);
            var model = Model(reader, paths, options);
            if (model is null) continue;
            if (firstIndex.TryGetValue(model.Name, out var first))
                errors.Add(reader.PathOf("name"), $"duplicate model name '{model.Name}' (also models[{first}])");
            else firstIndex[model.Name] = i;
            result.Add(model);
        }
        return result;
    }

    /// <summary>One models.json entry on its own (model administration); <paramref name="at"/> prefixes the error paths.</summary>
    public static ModelDefinition? Single(JObject entry, string at, ModelsConfigPaths paths, ModelsConfigOptions options, ModelsConfigErrors errors) =>
        Model(new ModelsConfigReader(entry, at, errors), paths, options);

    /// <summary>
    /// A definition that did not come through JSON here (a run-time AddModel reaching the cluster's catalog): the name
    /// rule and the ranges a models.json entry must meet, as "key: problem" lines. Paths and files are checked where
    /// the entry was parsed (<see cref="ModelEntryParser"/>, on the node that took the request).
    /// </summary>
    public static IReadOnlyList<string> Check(ModelDefinition model)
    {
        var errors = new ModelsConfigErrors();
        if (!NamePattern().IsMatch(model.Name)) errors.Add("name", BadName(model.Name));
        if (model.Path.Length == 0) errors.Add("path", "is required");
        Range(errors, "max_instances", model.MaxInstances, 1, MaxInstancesLimit);
        Range(errors, "replicas", model.Replicas, 1, ReplicasLimit);
        Range(errors, "memory_limit_mb", model.MemoryLimitMb, 1, null);
        Range(errors, "max_context_len", model.MaxContextLen, 1, MaxContextLimit);
        Range(errors, "max_new_tokens", model.MaxNewTokens, 1, model.MaxContextLen, "max_context_len");
        Range(errors, "n_batch", model.NBatch, 1, NBatchLimit);
        return errors.All;
    }

    private static void Range(ModelsConfigErrors errors, string key, long value, long min, long? max, string? maxName = null)
    {
        if (ModelsConfigReader.OutOfRange(value, min, max, maxName) is { } why) errors.Add(key, why);
    }

    private static ModelDefinition? Model(ModelsConfigReader m, ModelsConfigPaths paths, ModelsConfigOptions options)
    {
        m.RejectUnknownKeys(ModelKeys, ModelsConfigSections.SamplingKeys.Select(k => "sampling." + k).ToArray());
        var name = m.String("name", required: true);
        if (name is not null && !NamePattern().IsMatch(name))
            m.Errors.Add(m.PathOf("name"), BadName(name));

        var runtime = Runtime(m, paths, options);
        var path = ModelPath(m, paths, runtime.Kind);
        var maxContext = m.Int("max_context_len", 1, MaxContextLimit) ?? 4096;
        var definition = new ModelDefinition
        {
            Name = name ?? "",
            Path = path ?? "",
            Runtime = runtime,
            MaxInstances = m.Int("max_instances", 1, MaxInstancesLimit) ?? 1,
            Replicas = m.Int("replicas", 1, ReplicasLimit) ?? 1,
            MemoryLimitMb = m.Long("memory_limit_mb", 1) ?? 1024,
            MaxContextLen = maxContext,
            MaxNewTokens = m.Int("max_new_tokens", 1, maxContext, "max_context_len") ?? Math.Min(512, maxContext),
            NBatch = m.Int("n_batch", 1, NBatchLimit) ?? 1,
            Preload = m.Bool("preload") ?? false,
            Sampling = ModelsConfigSections.Sampling(m.Object("sampling")),
            Loras = ModelsConfigSections.Loras(m, paths),
            PromptCaches = ModelsConfigSections.PromptCaches(m, paths),
            ChatTemplate = ModelsConfigSections.ChatTemplate(m.Object("chat_template")),
            FunctionTools = ModelsConfigSections.FunctionTools(m.Object("function_tools")),
            Multimodal = ModelsConfigSections.Multimodal(m.Object("multimodal"), paths, runtime.Kind == RuntimeKind.Simulated),
        };
        return name is null ? null : definition;
    }

    private static string? ModelPath(ModelsConfigReader m, ModelsConfigPaths paths, RuntimeKind kind)
    {
        var path = m.String("path", required: true);
        if (path is null) return null;
        if (!path.StartsWith(SimScheme, StringComparison.Ordinal)) return paths.ResolveInRoots(path, m.PathOf("path"), m.Errors);
        if (kind != RuntimeKind.Simulated)
            m.Errors.Add(m.PathOf("path"), $"'{path}' is a simulated profile; runtime {KindName(kind)} needs a model file");
        else if (path.Length == SimScheme.Length)
            m.Errors.Add(m.PathOf("path"), "names no simulated profile (sim://<profile>, e.g. sim://qwen2.5-1.5b-w8a8)");
        return path;
    }

    private static RuntimeSpec Runtime(ModelsConfigReader m, ModelsConfigPaths paths, ModelsConfigOptions options)
    {
        var written = m.String("runtime");
        RuntimeKind? kind = written switch
        {
            null => RuntimeKind.Simulated,
            "sim" => RuntimeKind.Simulated,
            "emu" => RuntimeKind.Emulator,
            "native" => RuntimeKind.Native,
            _ => null,
        };
        if (kind is null) m.Errors.Add(m.PathOf("runtime"), $"'{written}' is not one of sim, emu, native");
        var effective = options.RuntimeOverride ?? kind ?? RuntimeKind.Simulated;

        var abiText = m.String("abi");
        var abi = abiText switch { null or "v1.3" => RkllmAbi.V1_3, "v1.2" => RkllmAbi.V1_2, _ => (RkllmAbi?)null };
        if (abi is null) m.Errors.Add(m.PathOf("abi"), $"'{abiText}' is not one of v1.3, v1.2");

        var board = m.String("board");
        if (board is not null and not ("rk3588" or "rk3576"))
            m.Errors.Add(m.PathOf("board"), $"'{board}' is not one of rk3588, rk3576");

        // Libraries live outside the model roots (/usr/lib): resolved, and for run-time entries limited to known ones.
        var library = m.String("library_path") is { } lib ? paths.Library(lib, m.PathOf("library_path"), m.Errors) : null;
        library ??= effective switch
        {
            RuntimeKind.Native => ModelsConfigOptions.NativeLibraryDefault,
            RuntimeKind.Emulator => options.EmulatorLibrary?.Invoke(abi ?? RkllmAbi.V1_3),
            _ => null,
        };
        // A crash or hang of the vendor library must not take the node down, so native runs isolated unless told otherwise.
        var isolated = m.Bool("isolated") ?? effective == RuntimeKind.Native;
        // The watchdog and the memory limit belong to the child process: in process there is nothing to kill.
        var hangMs = m.Long("hang_timeout_ms", 100, 3_600_000);
        var rssLimit = m.Long("rss_limit_mb", 0);
        foreach (var key in new[] { "hang_timeout_ms", "rss_limit_mb" })
        {
            if (!isolated && m.Raw(key) is not null)
                m.Errors.Add(m.PathOf(key), "applies to isolated models only (set \"isolated\": true)");
        }
        return new RuntimeSpec
        {
            Kind = effective,
            Abi = abi ?? RkllmAbi.V1_3,
            LibraryPath = library,
            Isolated = isolated,
            Board = board is "rk3588" or "rk3576" ? board : "rk3588",
            Seed = m.Int("seed", 0, int.MaxValue) ?? 0,
            HangTimeout = hangMs is { } ms ? TimeSpan.FromMilliseconds(ms) : null,
            RssLimitMb = rssLimit,
        };
    }

    public static string KindName(RuntimeKind kind) => kind switch
    {
        RuntimeKind.Native => "native",
        RuntimeKind.Emulator => "emu",
        _ => "sim",
    };
}

using Nano.Actors.Configuration.Internal;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Nano.Actors.Configuration;

/// <summary>
/// Validates one model given at run time (model administration) exactly like an entry of models.json: same
/// snake_case keys, same checks, relative paths resolved against the models.json folder and kept in its model roots
/// (no "..", no symbolic link out of them). library_path may only name a library the node already uses: the defaults
/// or one models.json names.
/// </summary>
public sealed class ModelEntryParser
{
    private readonly string _baseDirectory;
    private readonly IReadOnlyList<string> _roots;
    private readonly ModelsConfigOptions _options;
    private readonly IReadOnlySet<string> _libraries;

    /// <param name="baseDirectory">Folder relative paths resolve against (the models.json folder).</param>
    /// <param name="roots">Model roots, absolute or relative to <paramref name="baseDirectory"/>.</param>
    /// <param name="libraries">Runtime libraries entries may name besides the defaults (those models.json uses).</param>
    public ModelEntryParser(string baseDirectory, IReadOnlyList<string> roots, ModelsConfigOptions? options = null, IEnumerable<string>? libraries = null)
    {
        _baseDirectory = Path.GetFullPath(baseDirectory);
        _roots = roots;
        _options = options ?? ModelsConfigOptions.Default;
        IEnumerable<string?> defaults = [ModelsConfigOptions.NativeLibraryDefault, _options.EmulatorLibrary?.Invoke(Nano.Runtime.RkllmAbi.V1_3),
            _options.EmulatorLibrary?.Invoke(Nano.Runtime.RkllmAbi.V1_2)];
        _libraries = defaults.Concat(libraries ?? []).OfType<string>().Select(Path.GetFullPath).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Reads entries as the node's models.json was read.</summary>
    public static ModelEntryParser For(ModelsConfig config) =>
        new(Path.GetDirectoryName(config.SourcePath)!, config.ModelRoots, config.Options, config.Models.Select(m => m.Runtime.LibraryPath).OfType<string>());

    /// <summary>Parses JSON text holding one model object (duplicate keys refused, comments allowed).</summary>
    /// <exception cref="ModelsConfigException">Every problem, each with its JSON path.</exception>
    public ModelDefinition Parse(string json, string at = "")
    {
        JToken token;
        try { token = JToken.Parse(json, ModelsConfigLoader.LoadSettings); }
        catch (JsonReaderException e)
        {
            throw new ModelsConfigException("model", [$"line {e.LineNumber}, position {e.LinePosition}: malformed JSON: {e.Message}"]);
        }
        return Parse(token, at);
    }

    /// <exception cref="ModelsConfigException">Every problem, each with its JSON path.</exception>
    public ModelDefinition Parse(JToken? entry, string at = "")
    {
        var where = at.Length == 0 ? "(root)" : at;
        if (entry is not JObject o)
            throw new ModelsConfigException("model", [$"{where}: expected a model object, got {(entry is null ? "nothing" : ModelsConfigReader.Describe(entry))}"]);
        var errors = new ModelsConfigErrors();
        var paths = new ModelsConfigPaths(_baseDirectory, _roots) { AllowedLibraries = _libraries };
        var model = ModelsConfigValidator.Single(o, at, paths, _options, errors);
        if (errors.Any || model is null)
            throw new ModelsConfigException("model", errors.Any ? errors.All : [$"{where}: is not a model"]);
        return model;
    }
}

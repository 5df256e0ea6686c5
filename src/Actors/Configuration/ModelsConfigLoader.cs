using System.Text.RegularExpressions;
using Nano.Actors.Configuration.Internal;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Nano.Actors.Configuration;

/// <summary>
/// Loads models.json: parses it (comments allowed, duplicate keys refused), resolves relative paths against the
/// file's folder, validates everything, and throws one <see cref="ModelsConfigException"/> listing every problem.
/// </summary>
public static partial class ModelsConfigLoader
{
    /// <summary>Model roots when the file names none: the models folder next to it.</summary>
    public static readonly IReadOnlyList<string> DefaultModelRoots = ["./models"];

    private static readonly string[] TopLevelKeys = ["model_roots", "models", .. ModelsConfigSettings.Sections];

    internal static readonly JsonLoadSettings LoadSettings = new()
    {
        CommentHandling = CommentHandling.Ignore,
        DuplicatePropertyNameHandling = DuplicatePropertyNameHandling.Error,
        LineInfoHandling = LineInfoHandling.Load,
    };

    [GeneratedRegex(@"\s*Path '[^']*'(, line \d+, position \d+)?\.$|\s*line \d+, position \d+\.$")]
    private static partial Regex NewtonsoftLocation();

    public static ModelsConfig Load(string path, ModelsConfigOptions? options = null)
    {
        string json;
        try { json = File.ReadAllText(path); }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException) { throw new ModelsConfigException(path, ["file does not exist"]); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw new ModelsConfigException(path, [$"cannot be read: {e.Message}"]); }
        return Parse(json, path, options);
    }

    /// <summary>Validates JSON text as if it were the file at <paramref name="path"/> (relative paths resolve against its folder).</summary>
    public static ModelsConfig Parse(string json, string path, ModelsConfigOptions? options = null)
    {
        options ??= ModelsConfigOptions.Default;
        var full = Path.GetFullPath(path);
        var baseDirectory = Path.GetDirectoryName(full)!;
        JToken token;
        try { token = JToken.Parse(json, LoadSettings); }
        catch (JsonReaderException e)
        {
            throw new ModelsConfigException(path, [$"line {e.LineNumber}, position {e.LinePosition}: malformed JSON: {NewtonsoftLocation().Replace(e.Message, "")}"]);
        }
        if (token is not JObject root) throw new ModelsConfigException(path, [$"(root): expected an object, got {ModelsConfigReader.Describe(token)}"]);

        var errors = new ModelsConfigErrors();
        var reader = new ModelsConfigReader(root, "", errors);
        reader.RejectUnknownKeys(TopLevelKeys);
        var paths = new ModelsConfigPaths(baseDirectory, Roots(reader, baseDirectory));
        var array = reader.Array("models");
        if (reader.Raw("models") is null) errors.Add("models", "is required");
        var models = array is null ? [] : ModelsConfigValidator.Models(array, paths, options, errors);
        var settings = ModelsConfigSettings.Read(reader, options.SettingsDefaults);
        if (errors.Any) throw new ModelsConfigException(path, errors.All);
        return new ModelsConfig(full, paths.Roots, models, settings) { Options = options };
    }

    private static IReadOnlyList<string> Roots(ModelsConfigReader reader, string baseDirectory)
    {
        var array = reader.Array("model_roots");
        if (array is null) return DefaultModelRoots;
        if (array.Count == 0) reader.Errors.Add("model_roots", "must name at least one folder");
        var roots = new List<string>();
        for (var i = 0; i < array.Count; i++)
        {
            var at = $"model_roots[{i}]";
            if (array[i] is not JValue { Type: JTokenType.String } v)
            {
                reader.Errors.Add(at, $"expected a folder path, got {ModelsConfigReader.Describe(array[i])}");
                continue;
            }
            var root = (string)v!;
            if (root.Length == 0) { reader.Errors.Add(at, "must not be empty"); continue; }
            if (!Directory.Exists(Path.GetFullPath(root, baseDirectory))) reader.Errors.Add(at, $"folder '{root}' does not exist");
            roots.Add(root);
        }
        return roots.Count > 0 ? roots : DefaultModelRoots;
    }
}

namespace Nano.Actors.Configuration.Internal;

/// <summary>
/// Resolves file paths of models.json against the config file's folder and keeps them inside the model roots:
/// lexically (so "../" cannot escape) and after following symbolic links (so a link cannot point outside).
/// </summary>
internal sealed class ModelsConfigPaths
{
    private readonly string _baseDirectory;
    private readonly IReadOnlyList<string> _roots;
    private readonly IReadOnlyList<string> _realRoots;
    private readonly string _rootsAsWritten;

    public ModelsConfigPaths(string baseDirectory, IReadOnlyList<string> rootsAsWritten)
    {
        _baseDirectory = baseDirectory;
        _roots = rootsAsWritten.Select(Full).ToArray();
        _realRoots = _roots.Select(RealPath).ToArray();
        _rootsAsWritten = string.Join(", ", rootsAsWritten);
    }

    public IReadOnlyList<string> Roots => _roots;

    /// <summary>
    /// Runtime libraries an entry may name in library_path, or null for any (models.json itself, which the operator
    /// wrote). Models added at run time get a list: a library is code the node loads, so a client that may add models
    /// must not be able to point one at a file of its choosing.
    /// </summary>
    public IReadOnlySet<string>? AllowedLibraries { get; init; }

    /// <summary>The absolute library path, or null after recording why it is not allowed.</summary>
    public string? Library(string written, string jsonPath, ModelsConfigErrors errors)
    {
        var full = Full(written);
        if (AllowedLibraries is null || AllowedLibraries.Contains(full)) return full;
        errors.Add(jsonPath, AllowedLibraries.Count == 0
            ? $"'{written}' is not allowed: models added at run time use the default runtime library"
            : $"'{written}' is not allowed: models added at run time may only name the libraries models.json uses ({string.Join(", ", AllowedLibraries.Order())})");
        return null;
    }

    public string Full(string written) => Path.GetFullPath(Path.Combine(_baseDirectory, written));

    /// <summary>
    /// The absolute path of a file that must lie in a root, or null after recording why not.
    /// <paramref name="mustExist"/> false (prompt caches a run may write) checks the folder instead of the file.
    /// </summary>
    public string? ResolveInRoots(string written, string jsonPath, ModelsConfigErrors errors, bool mustExist = true)
    {
        if (written.Length == 0) { errors.Add(jsonPath, "must not be empty"); return null; }
        var full = Full(written);
        if (!_roots.Any(r => IsUnder(full, r)))
        {
            errors.Add(jsonPath, $"'{written}' is outside the model roots ({_rootsAsWritten})");
            return null;
        }
        if (mustExist ? !File.Exists(full) : !Directory.Exists(Path.GetDirectoryName(full)))
        {
            errors.Add(jsonPath, mustExist ? $"file '{written}' does not exist" : $"folder of '{written}' does not exist");
            return null;
        }
        var real = RealPath(full);
        if (!_realRoots.Any(r => IsUnder(real, r)))
        {
            errors.Add(jsonPath, $"'{written}' is a symbolic link to '{real}', outside the model roots ({_rootsAsWritten})");
            return null;
        }
        return full;
    }

    private static bool IsUnder(string path, string root)
    {
        var prefix = root.EndsWith(Path.DirectorySeparatorChar) ? root : root + Path.DirectorySeparatorChar;
        return path == root || path.StartsWith(prefix, StringComparison.Ordinal);
    }

    /// <summary>
    /// realpath(3) without requiring the tail to exist: follows links component by component, so a linked
    /// folder in the middle of the path counts as well as a linked file. ".." applies to the resolved folder.
    /// </summary>
    internal static string RealPath(string fullPath)
    {
        if (OperatingSystem.IsWindows()) return fullPath;
        var pending = new Stack<string>(Parts(fullPath).Reverse());
        var current = "/";
        for (var links = 0; pending.Count > 0;)
        {
            var part = pending.Pop();
            if (part == ".") continue;
            if (part == "..") { current = Path.GetDirectoryName(current) ?? "/"; continue; }
            var next = Path.Combine(current, part);
            var target = new FileInfo(next).LinkTarget;
            if (target is null || ++links > 40) { current = next; continue; }
            foreach (var p in Parts(target).Reverse()) pending.Push(p);
            if (Path.IsPathRooted(target)) current = "/";
        }
        return current;
    }

    private static IEnumerable<string> Parts(string path) => path.Split('/', StringSplitOptions.RemoveEmptyEntries);
}

using Nano.Actors.Configuration;

namespace Nano.NodeHost.Tests.Configuration;

/// <summary>A throw-away folder holding a models.json and a models/ root, deleted after the test.</summary>
internal sealed class ConfigFolder : IDisposable
{
    public ConfigFolder()
    {
        Root = Directory.CreateTempSubdirectory("nano-config-").FullName;
        Directory.CreateDirectory(Models);
    }

    public string Root { get; }
    public string Models => Path.Combine(Root, "models");
    public string ConfigPath => Path.Combine(Root, "models.json");

    /// <summary>Creates a file (and its folders) below the root; returns its absolute path.</summary>
    public string File(string relative, string content = "not a real model")
    {
        var full = Path.Combine(Root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        System.IO.File.WriteAllText(full, content);
        return full;
    }

    public string Write(string json)
    {
        System.IO.File.WriteAllText(ConfigPath, json);
        return ConfigPath;
    }

    public ModelsConfig Load(string json, ModelsConfigOptions? options = null) => ModelsConfigLoader.Load(Write(json), options);

    public IReadOnlyList<string> Errors(string json, ModelsConfigOptions? options = null) =>
        Assert.Throws<ModelsConfigException>(() => Load(json, options)).Errors;

    public void Dispose() => Directory.Delete(Root, recursive: true);
}

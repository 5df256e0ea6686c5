using Nano.Actors.Configuration;
using Nano.Runtime;

namespace Nano.Gateway.Tests.Admin;

/// <summary>
/// Models added at run time (admin API, MCP add_model) are read by <see cref="ModelEntryParser"/>: every file path is
/// confined to the model roots, lexically and after following symbolic links, and library_path names only libraries
/// the node already uses. A temp folder holds the roots, an outside folder and the links between them.
/// </summary>
public sealed class ModelPathConfinementSpec : IDisposable
{
    private readonly DirectoryInfo _top = Directory.CreateTempSubdirectory("nano-roots-");
    private readonly string _models;
    private readonly string _outside;
    private readonly ModelEntryParser _parser;

    public ModelPathConfinementSpec()
    {
        _models = Directory.CreateDirectory(Path.Combine(_top.FullName, "models")).FullName;
        _outside = Directory.CreateDirectory(Path.Combine(_top.FullName, "outside")).FullName;
        File.WriteAllText(Path.Combine(_models, "inside.rkllm"), "model");
        File.WriteAllText(Path.Combine(_outside, "secret.rkllm"), "not yours");
        File.CreateSymbolicLink(Path.Combine(_models, "escape.rkllm"), Path.Combine(_outside, "secret.rkllm"));
        File.CreateSymbolicLink(Path.Combine(_models, "alias.rkllm"), Path.Combine(_models, "inside.rkllm"));
        Directory.CreateSymbolicLink(Path.Combine(_models, "linked-dir"), _outside);
        // models.json would sit in _top, with "models" as its root.
        _parser = new ModelEntryParser(_top.FullName, ["models"], libraries: ["/opt/rk/librkllmrt.so"]);
    }

    [Theory]
    [InlineData("models/../outside/secret.rkllm", "is outside the model roots")]
    [InlineData("../secret.rkllm", "is outside the model roots")]
    [InlineData("models/escape.rkllm", "is a symbolic link to")]
    [InlineData("models/linked-dir/secret.rkllm", "is a symbolic link to")]
    public void Paths_escaping_the_roots_are_refused(string path, string why)
    {
        var error = Assert.Single(Refusals($$"""{ "name": "m", "path": "{{path}}", "runtime": "emu" }"""));
        Assert.StartsWith($"path: '{path}' ", error);
        Assert.Contains(why, error);
    }

    [Fact]
    public void An_absolute_path_outside_the_roots_is_refused()
    {
        var secret = Path.Combine(_outside, "secret.rkllm");
        var error = Assert.Single(Refusals($$"""{ "name": "m", "path": "{{secret}}", "runtime": "emu" }"""));
        Assert.Equal($"path: '{secret}' is outside the model roots (models)", error);
    }

    [Theory]
    [InlineData("models/inside.rkllm")]
    [InlineData("models/alias.rkllm")]
    public void Files_inside_the_roots_are_accepted_also_through_links_that_stay_inside(string path)
    {
        var model = _parser.Parse($$"""{ "name": "m", "path": "{{path}}", "runtime": "emu" }""");
        Assert.Equal(Path.GetFullPath(Path.Combine(_top.FullName, path)), model.Path);
        Assert.Equal(RuntimeKind.Emulator, model.Runtime.Kind);
    }

    [Fact]
    public void Simulated_profiles_are_no_files_and_pass()
    {
        var model = _parser.Parse("""{ "name": "m", "path": "sim://qwen2-0.5b-w8a8" }""");
        Assert.Equal("sim://qwen2-0.5b-w8a8", model.Path);
    }

    [Fact]
    public void Lora_and_prompt_cache_paths_are_confined_too()
    {
        var errors = Refusals("""
            { "name": "m", "path": "sim://qwen2-0.5b-w8a8",
              "loras": [ { "name": "a", "path": "models/linked-dir/secret.rkllm" } ],
              "prompt_caches": [ { "name": "c", "path": "models/../outside/cache.bin" } ] }
            """);
        Assert.Equal(2, errors.Count);
        Assert.Contains(errors, e => e.StartsWith("loras[0].path: 'models/linked-dir/secret.rkllm' is a symbolic link to", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("prompt_caches[0].path: 'models/../outside/cache.bin' is outside the model roots", StringComparison.Ordinal));
    }

    [Fact]
    public void A_library_path_the_node_does_not_use_is_refused_and_a_known_one_is_accepted()
    {
        var error = Assert.Single(Refusals("""{ "name": "m", "path": "models/inside.rkllm", "runtime": "native", "library_path": "/tmp/evil.so" }"""));
        Assert.StartsWith("library_path: '/tmp/evil.so' is not allowed", error);

        var known = _parser.Parse("""{ "name": "m", "path": "models/inside.rkllm", "runtime": "native", "library_path": "/opt/rk/librkllmrt.so" }""");
        Assert.Equal("/opt/rk/librkllmrt.so", known.Runtime.LibraryPath);
        var byDefault = _parser.Parse("""{ "name": "m", "path": "models/inside.rkllm", "runtime": "native" }""");
        Assert.Equal(ModelsConfigOptions.NativeLibraryDefault, byDefault.Runtime.LibraryPath);
    }

    [Fact]
    public void Models_json_itself_may_name_any_library()
    {
        File.WriteAllText(Path.Combine(_top.FullName, "models.json"),
            """{ "models": [ { "name": "m", "path": "models/inside.rkllm", "runtime": "native", "library_path": "lib/custom.so" } ] }""");
        var config = ModelsConfigLoader.Load(Path.Combine(_top.FullName, "models.json"));
        Assert.Equal(Path.Combine(_top.FullName, "lib/custom.so"), config.Models[0].Runtime.LibraryPath);
        // ...and run-time entries of that node may then use it as well.
        var added = ModelEntryParser.For(config).Parse("""{ "name": "n", "path": "models/inside.rkllm", "runtime": "native", "library_path": "lib/custom.so" }""");
        Assert.Equal(Path.Combine(_top.FullName, "lib/custom.so"), added.Runtime.LibraryPath);
    }

    private IReadOnlyList<string> Refusals(string json) => Assert.Throws<ModelsConfigException>(() => _parser.Parse(json)).Errors;

    public void Dispose() => _top.Delete(recursive: true);
}

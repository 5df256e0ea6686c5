using Nano.Actors.Configuration;
using Nano.NodeHost.Configuration;
using Nano.Runtime;

namespace Nano.NodeHost.Tests.Configuration;

public sealed class ModelsConfigSpec : IDisposable
{
    private readonly ConfigFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static string Models(params string[] models) => $$"""{ "models": [ {{string.Join(",", models)}} ] }""";

    [Fact]
    public void The_shipped_example_config_loads_cleanly_with_three_simulated_models()
    {
        var config = ModelsConfigLoader.Load(NodeConfiguration.DefaultModelsPath);

        Assert.Equal(["qwen2.5-1.5b", "qwen2-0.5b", "qwen2-vl-2b"], config.Models.Select(m => m.Name));
        Assert.All(config.Models, m => Assert.Equal(RuntimeKind.Simulated, m.Runtime.Kind));
        Assert.Equal([1690L, 670L, 1869L], config.Models.Select(m => m.MemoryLimitMb));
        Assert.Equal(2, config.Find("qwen2-0.5b")!.MaxInstances);
        var vision = config.Find("qwen2-vl-2b")!;
        Assert.Equal("sim://qwen3-vl-2b-w8a8", vision.Path);
        Assert.Equal(196, vision.Multimodal!.ImageTokens);
        var lora = Assert.Single(vision.Loras);
        Assert.True(File.Exists(lora.Path), $"the demo LoRA placeholder ships next to the binary: {lora.Path}");
        // No standing tools: the simulated NPU would answer every user turn with a tool call (src/Runtime/Sim/README.md).
        Assert.All(config.Models, m => Assert.Null(m.FunctionTools));
    }

    [Fact]
    public void Function_tools_take_an_inline_array_or_a_string_holding_one()
    {
        const string tools = """[{"type":"function","function":{"name":"get_board_temperature"}}]""";
        _folder.File("models/a.rkllm");
        var config = _folder.Load(Models(
            $$"""{ "name": "a", "path": "models/a.rkllm", "runtime": "native", "function_tools": { "system_prompt": "S", "tools": {{tools}} } }""",
            $$"""{ "name": "b", "path": "models/a.rkllm", "runtime": "native", "function_tools": { "tools": {{Newtonsoft.Json.JsonConvert.ToString(tools)}}, "tool_response_str": "<r>" } }"""));

        Assert.Equal(new FunctionToolsDefinition("S", tools, "<tool_response>"), config.Find("a")!.FunctionTools);
        Assert.Equal(new FunctionToolsDefinition("", tools, "<r>"), config.Find("b")!.FunctionTools);
    }

    [Fact]
    public void A_missing_model_file_is_reported_with_the_path_as_written()
    {
        var errors = _folder.Errors(Models("""{ "name": "a", "path": "models/absent.rkllm", "runtime": "emu" }"""));

        Assert.Equal(["models[0].path: file 'models/absent.rkllm' does not exist"], errors);
    }

    [Fact]
    public void An_absolute_path_outside_the_model_roots_is_rejected()
    {
        var errors = _folder.Errors(Models("""{ "name": "a", "path": "/etc/passwd", "runtime": "native" }"""));

        Assert.Equal(["models[0].path: '/etc/passwd' is outside the model roots (./models)"], errors);
    }

    [Fact]
    public void A_dot_dot_escape_from_a_root_is_rejected_even_when_the_file_exists()
    {
        _folder.File("secret.rkllm");

        var errors = _folder.Errors(Models("""{ "name": "a", "path": "models/../secret.rkllm", "runtime": "native" }"""));

        Assert.Equal(["models[0].path: 'models/../secret.rkllm' is outside the model roots (./models)"], errors);
    }

    [Fact]
    public void Symbolic_links_that_resolve_outside_the_roots_are_rejected_for_files_and_folders()
    {
        var outside = _folder.File("outside/real.rkllm");
        File.CreateSymbolicLink(Path.Combine(_folder.Models, "linked.rkllm"), outside);
        Directory.CreateSymbolicLink(Path.Combine(_folder.Models, "linked-dir"), Path.GetDirectoryName(outside)!);

        var errors = _folder.Errors(Models(
            """{ "name": "a", "path": "models/linked.rkllm", "runtime": "native" }""",
            """{ "name": "b", "path": "models/linked-dir/real.rkllm", "runtime": "native" }"""));

        Assert.Equal(2, errors.Count);
        Assert.StartsWith("models[0].path: 'models/linked.rkllm' is a symbolic link to '" + outside + "', outside the model roots", errors[0]);
        Assert.StartsWith("models[1].path: 'models/linked-dir/real.rkllm' is a symbolic link to '" + outside + "'", errors[1]);
    }

    [Fact]
    public void Symbolic_links_within_the_roots_are_accepted()
    {
        var real = _folder.File("models/v2/qwen.rkllm");
        File.CreateSymbolicLink(Path.Combine(_folder.Models, "current.rkllm"), "v2/qwen.rkllm");

        var config = _folder.Load(Models("""{ "name": "a", "path": "models/current.rkllm", "runtime": "native" }"""));

        Assert.Equal(Path.Combine(_folder.Models, "current.rkllm"), config.Models[0].Path);
        Assert.True(File.Exists(real));
    }

    [Fact]
    public void Relative_paths_resolve_against_the_config_files_folder_not_the_working_directory()
    {
        var model = _folder.File("models/qwen.rkllm");

        var config = _folder.Load("""{ "model_roots": ["models"], "models": [ { "name": "a", "path": "models/qwen.rkllm", "runtime": "native" } ] }""");

        Assert.Equal(model, config.Models[0].Path);
        Assert.Equal([_folder.Models], config.ModelRoots);
    }

    [Fact]
    public void Duplicate_model_names_are_rejected_naming_the_first_occurrence()
    {
        var errors = _folder.Errors(Models(
            """{ "name": "qwen", "path": "sim://qwen2-0.5b-w8a8" }""",
            """{ "name": "other", "path": "sim://qwen2-0.5b-w8a8" }""",
            """{ "name": "qwen", "path": "sim://qwen2.5-1.5b-w8a8" }"""));

        Assert.Equal(["models[2].name: duplicate model name 'qwen' (also models[0])"], errors);
    }

    [Fact]
    public void Out_of_range_numbers_name_the_field_the_value_and_the_range()
    {
        var errors = _folder.Errors(Models(
            """
            { "name": "a", "path": "sim://x", "max_instances": 12, "max_context_len": 1024, "max_new_tokens": 2048,
              "memory_limit_mb": 0, "n_batch": 9, "sampling": { "top_p": 1.5, "temperature": -0.1, "mirostat": 3 } }
            """));

        Assert.Equal(
        [
            "models[0].max_instances: 12 is out of range 1..8",
            "models[0].memory_limit_mb: 0 must be at least 1",
            "models[0].max_new_tokens: 2048 is out of range 1..1024 (max_context_len)",
            "models[0].n_batch: 9 is out of range 1..8",
            "models[0].sampling.top_p: 1.5 is out of range (0..1]",
            "models[0].sampling.temperature: -0.1 is out of range [0..2]",
            "models[0].sampling.mirostat: 3 is out of range 0..2",
        ], errors);
    }

    [Fact]
    public void Unknown_keys_are_rejected_with_a_suggestion_when_one_is_close()
    {
        var errors = _folder.Errors("""
            { "models": [ { "name": "a", "path": "sim://x", "temprature": 0.5, "max_instance": 2, "flavour": "x",
                            "sampling": { "topp": 0.5 } } ],
              "pool": { "max_handles": 4 } , "modles": [] }
            """);

        Assert.Equal(
        [
            "modles: unknown key (did you mean 'models'?)",
            "models[0].temprature: unknown key (did you mean 'sampling.temperature'?)",
            "models[0].max_instance: unknown key (did you mean 'max_instances'?)",
            "models[0].flavour: unknown key",
            "models[0].sampling.topp: unknown key (did you mean 'top_p'?)",
        ], errors);
    }

    [Fact]
    public void Values_of_the_wrong_type_are_rejected_naming_the_expected_type()
    {
        var errors = _folder.Errors(Models(
            """{ "name": "a", "path": "sim://x", "max_instances": "4", "preload": 1, "sampling": { "top_k": 2.5 }, "loras": {} }"""));

        Assert.Equal(
        [
            "models[0].max_instances: expected an integer, got a string",
            "models[0].preload: expected a boolean, got a number",
            "models[0].sampling.top_k: expected an integer, got a number",
            "models[0].loras: expected an array, got an object",
        ], errors);
    }

    [Fact]
    public void Malformed_json_is_reported_with_line_and_position()
    {
        var errors = _folder.Errors("{\n  \"models\": [\n    { \"name\" \"a\" }\n  ]\n}");

        var error = Assert.Single(errors);
        Assert.StartsWith("line 3, position 13: malformed JSON: Invalid character after parsing property name", error);
    }

    [Fact]
    public void Every_problem_of_a_config_is_reported_at_once()
    {
        var errors = _folder.Errors("""
            { "models": [
                { "name": "a", "path": "models/absent.rkllm", "runtime": "native", "max_instances": 9 },
                { "name": "a", "path": "/etc/passwd", "runtime": "native" },
                { "name": "c", "path": "sim://x", "runtime": "gpu", "temprature": 1, "preload": "yes" }
            ] }
            """);

        Assert.Equal(
        [
            "models[0].path: file 'models/absent.rkllm' does not exist",
            "models[0].max_instances: 9 is out of range 1..8",
            "models[1].path: '/etc/passwd' is outside the model roots (./models)",
            "models[1].name: duplicate model name 'a' (also models[0])",
            "models[2].temprature: unknown key (did you mean 'sampling.temperature'?)",
            "models[2].runtime: 'gpu' is not one of sim, emu, native",
            "models[2].preload: expected a boolean, got a string",
        ], errors);
    }

    [Fact]
    public void Runtime_defaults_follow_the_kind_native_isolated_on_the_vendor_library_emu_on_the_emulator_build()
    {
        var model = _folder.File("models/qwen.rkllm");
        var options = new ModelsConfigOptions { EmulatorLibrary = abi => $"/emulator/{abi}/librkllmrt.so" };

        var config = _folder.Load(Models(
            """{ "name": "n", "path": "models/qwen.rkllm", "runtime": "native" }""",
            """{ "name": "e", "path": "models/qwen.rkllm", "runtime": "emu", "abi": "v1.2" }""",
            """{ "name": "s", "path": "sim://qwen2-0.5b-w8a8", "board": "rk3576", "max_context_len": 256 }"""), options);

        var (native, emu, sim) = (config.Models[0].Runtime, config.Models[1].Runtime, config.Models[2].Runtime);
        Assert.Equal((RuntimeKind.Native, true, "/usr/lib/librkllmrt.so"), (native.Kind, native.Isolated, native.LibraryPath));
        Assert.Equal((RuntimeKind.Emulator, false, "/emulator/V1_2/librkllmrt.so", RkllmAbi.V1_2), (emu.Kind, emu.Isolated, emu.LibraryPath, emu.Abi));
        Assert.Equal((RuntimeKind.Simulated, "rk3576", (string?)null), (sim.Kind, sim.Board, sim.LibraryPath));
        Assert.Equal(256, config.Models[2].MaxNewTokens);
        Assert.Equal(model, config.Models[0].Path);
    }

    [Fact]
    public void Isolated_models_may_set_their_own_hang_timeout_and_rss_limit_and_in_process_models_may_not()
    {
        _folder.File("models/qwen.rkllm");

        var config = _folder.Load(Models(
            """{ "name": "a", "path": "models/qwen.rkllm", "runtime": "emu", "isolated": true, "hang_timeout_ms": 2000, "rss_limit_mb": 300 }""",
            """{ "name": "b", "path": "models/qwen.rkllm", "runtime": "native" }"""));
        var errors = _folder.Errors(Models(
            """{ "name": "c", "path": "models/qwen.rkllm", "runtime": "emu", "hang_timeout_ms": 2000 }""",
            """{ "name": "d", "path": "models/qwen.rkllm", "runtime": "native", "hang_timeout_ms": 5, "rss_limit_mb": -1 }"""));

        Assert.Equal((TimeSpan.FromSeconds(2), 300L), (config.Models[0].Runtime.HangTimeout, config.Models[0].Runtime.RssLimitMb));
        Assert.Equal((null, null), (config.Models[1].Runtime.HangTimeout, config.Models[1].Runtime.RssLimitMb));
        Assert.Equal([
            "models[0].hang_timeout_ms: applies to isolated models only (set \"isolated\": true)",
            "models[1].hang_timeout_ms: 5 is out of range 100..3600000",
            "models[1].rss_limit_mb: -1 must be at least 0",
        ], errors);
    }

    [Fact]
    public void A_runtime_override_turns_simulated_profiles_into_errors_for_a_real_runtime()
    {
        var options = new ModelsConfigOptions { RuntimeOverride = RuntimeKind.Native };

        var errors = _folder.Errors(Models("""{ "name": "a", "path": "sim://qwen2-0.5b-w8a8" }"""), options);

        Assert.Equal(["models[0].path: 'sim://qwen2-0.5b-w8a8' is a simulated profile; runtime native needs a model file"], errors);
    }

    [Fact]
    public void Lora_and_prompt_cache_paths_are_confined_to_the_roots_and_names_are_unique()
    {
        _folder.File("models/a.lora");
        var errors = _folder.Errors(Models("""
            { "name": "a", "path": "sim://x",
              "loras": [ { "name": "l", "path": "models/a.lora" }, { "name": "l", "path": "/etc/hosts", "scale": 11 } ],
              "prompt_caches": [ { "name": "p", "path": "models/cache/p.bin" } ] }
            """));

        Assert.Equal(
        [
            "models[0].loras[1].name: duplicate name 'l'",
            "models[0].loras[1].path: '/etc/hosts' is outside the model roots (./models)",
            "models[0].loras[1].scale: 11 is out of range [0..10]",
            "models[0].prompt_caches[0].path: folder of 'models/cache/p.bin' does not exist",
        ], errors);
    }

    [Fact]
    public void Node_and_pool_sections_accept_known_settings_only_with_the_defaults_type()
    {
        var options = new ModelsConfigOptions { SettingsDefaults = NodeDefaults.Config };

        var errors = _folder.Errors("""
            { "models": [], "node": { "name": ["board-1"], "nmae": "x" }, "pool": { "max_handles": "8" }, "logging": {} }
            """, options);

        Assert.Equal(
        [
            "logging: unknown key",
            "node.name: expected a single value, got an array",
            "node.nmae: unknown key",
            "pool.max_handles: expected an integer, got a string",
        ], errors);
        var config = _folder.Load("""{ "models": [], "node": { "name": "board-1" } }""", options);
        Assert.Equal("board-1", config.Settings.GetString("nano.node.name"));
    }
}

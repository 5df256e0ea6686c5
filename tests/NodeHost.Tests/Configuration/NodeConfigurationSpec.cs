using Microsoft.Extensions.Logging;
using Nano.NodeHost.Cli;
using Nano.NodeHost.Configuration;
using Nano.Runtime;

namespace Nano.NodeHost.Tests.Configuration;

/// <summary>The layers, lowest first: hocon/ defaults, command defaults, models.json, NANO_ environment, command line.</summary>
public sealed class NodeConfigurationSpec : IDisposable
{
    private readonly ConfigFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static Dictionary<string, string?> Env(params (string Name, string Value)[] vars) =>
        vars.ToDictionary(v => v.Name, v => (string?)v.Value);

    private NodeConfiguration Build(string json, NodeOverrides? cli = null, Dictionary<string, string?>? env = null)
    {
        _folder.Write(json);
        return NodeConfiguration.Build((cli ?? NodeOverrides.None) with { ConfigPath = cli?.ConfigPath ?? _folder.ConfigPath }, env ?? []);
    }

    [Fact]
    public void Pool_max_handles_comes_from_hocon_then_models_json_then_the_environment()
    {
        const string plain = """{ "models": [] }""";
        const string withPool = """{ "models": [], "pool": { "max_handles": 6 } }""";

        Assert.Equal(8, Build(plain).Pool.MaxHandles);
        Assert.Equal(6, Build(withPool).Pool.MaxHandles);
        Assert.Equal(4, Build(withPool, env: Env(("NANO_POOL__MAX_HANDLES", "4"))).Pool.MaxHandles);
        Assert.Equal(TimeSpan.FromSeconds(5), Build("""{ "models": [], "pool": { "request_timeout": "5s" } }""").Pool.RequestTimeout);
    }

    [Fact]
    public void The_runtime_comes_from_models_json_then_the_environment_then_the_command_line()
    {
        _folder.File("models/qwen.rkllm");
        const string json = """{ "models": [ { "name": "q", "path": "models/qwen.rkllm", "runtime": "emu" } ] }""";
        var sim = Env(("NANO_RUNTIME", "sim"));

        Assert.Equal(RuntimeKind.Emulator, Build(json).Models.Models[0].Runtime.Kind);
        Assert.Equal(RuntimeKind.Simulated, Build(json, env: sim).Models.Models[0].Runtime.Kind);
        var native = Build(json, new NodeOverrides(Runtime: "native"), sim);
        Assert.Equal((RuntimeKind.Native, true), (native.Models.Models[0].Runtime.Kind, native.Models.Models[0].Runtime.Isolated));
        Assert.Equal(RuntimeKind.Native, native.RuntimeOverride);
    }

    [Fact]
    public void The_log_level_comes_from_hocon_then_command_defaults_then_the_environment_then_the_command_line()
    {
        _folder.Write("""{ "models": [] }""");
        var cli = new NodeOverrides(ConfigPath: _folder.ConfigPath);
        var error = Env(("NANO_LOGGING__LEVEL", "error"));

        Assert.Equal(LogLevel.Information, NodeConfiguration.Build(cli, Env()).LogLevel);
        Assert.Equal(LogLevel.Warning, NodeConfiguration.Build(cli, Env(), GenerateCommand.QuietLogs).LogLevel);
        Assert.Equal(LogLevel.Error, NodeConfiguration.Build(cli, error, GenerateCommand.QuietLogs).LogLevel);
        Assert.Equal(LogLevel.Trace, NodeConfiguration.Build(cli with { LogLevel = "trace" }, error).LogLevel);
        var debug = NodeConfiguration.Build(cli with { Debug = true }, error);
        Assert.Equal((LogLevel.Debug, true), (debug.LogLevel, debug.Debug));
    }

    [Fact]
    public void The_node_name_comes_from_models_json_then_the_environment()
    {
        const string json = """{ "models": [], "node": { "name": "board-1" } }""";

        Assert.Equal(Environment.MachineName.ToLowerInvariant(), Build("""{ "models": [] }""").NodeName);
        Assert.Equal("board-1", Build(json).NodeName);
        Assert.Equal("board-2", Build(json, env: Env(("NANO_NODE__NAME", "board-2"))).NodeName);
    }

    [Fact]
    public void The_command_lines_config_path_wins_over_the_environments()
    {
        var other = _folder.File("other/models.json", """{ "models": [], "node": { "name": "from-env" } }""");
        _folder.Write("""{ "models": [], "node": { "name": "from-cli" } }""");
        var env = Env(("NANO_MODELS_CONFIG", other));

        Assert.Equal("from-env", NodeConfiguration.Build(NodeOverrides.None, env).NodeName);
        Assert.Equal("from-cli", NodeConfiguration.Build(new NodeOverrides(ConfigPath: _folder.ConfigPath), env).NodeName);
    }

    [Fact]
    public void Nano_variables_naming_no_setting_are_ignored_and_reported_while_others_are_not_read()
    {
        var node = Build("""{ "models": [] }""", env: Env(("NANO_POOL__MAX_HANDEL", "2"), ("PATH", "/bin"), ("NANO_POOL__MAX_HANDLES", "3")));

        Assert.Equal(3, node.Pool.MaxHandles);
        Assert.Equal(["NANO_POOL__MAX_HANDEL names no setting (nano.pool.max-handel)"], node.Notes);
    }

    [Fact]
    public void Unusable_environment_values_are_refused_naming_the_setting()
    {
        var e = Assert.Throws<NodeConfigurationException>(() => Build("""{ "models": [] }""", env: Env(("NANO_RUNTIME", "gpu"))));

        Assert.Contains("'gpu' is not one of sim, emu, native", e.Message);
    }
}

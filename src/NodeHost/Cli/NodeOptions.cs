using System.CommandLine;
using Akka.Configuration;
using Nano.Actors.Configuration;
using Nano.NodeHost.Configuration;
using Nano.NodeHost.Configuration.Internal;

namespace Nano.NodeHost.Cli;

/// <summary>
/// The options of every command that starts a node (--config, --runtime, --log-level, --debug), and loading the
/// layered configuration from them. A fresh instance per command: System.CommandLine options belong to one parent.
/// </summary>
internal sealed class NodeOptions(bool serve = false)
{
    public Option<string?> Config { get; } = new("--config")
    {
        Description = "models.json to load [default: config/models.json next to the binary: the simulated example]",
        HelpName = "PATH",
    };

    public Option<string?> Runtime { get; } = new Option<string?>("--runtime")
    {
        Description = "run every model on this runtime, whatever models.json says",
    }.AcceptOnlyFromAmong("sim", "emu", "native");

    public Option<string?> LogLevel { get; } = new Option<string?>("--log-level")
    {
        Description = "minimum log level (logs go to stderr) [default: information; warning for generate and models]",
    }.AcceptOnlyFromAmong("trace", "debug", "information", "warning", "error", "critical", "none");

    public Option<bool> Debug { get; } = new("--debug") { Description = "debug logging, including Akka's own (unhandled messages, actor lifecycle)" };

    public Option<string?> Transports { get; } = new("--transports")
    {
        Description = "what to serve, any of tcp:PORT, http:PORT (/mcp), ws:PORT (/ws), udp:PORT, stdio; port 0 picks a free one " +
                      "[default: tcp:8080,http:8081,ws:8081,udp:8082]",
        HelpName = "LIST",
    };

    public Option<string?> Bind { get; } = new("--bind")
    {
        Description = "address the network transports listen on [default: 127.0.0.1]",
        HelpName = "ADDR",
    };

    public Option<string?> NodeName { get; } = new("--node-name") { Description = "this node's name in logs, replies and cluster_status [default: host name]", HelpName = "NAME" };

    public Option<string?> ClusterHost { get; } = new("--cluster-host")
    {
        Description = "cluster mode: remoting address of this node [default: 127.0.0.1]",
        HelpName = "ADDR",
    };

    public Option<int?> ClusterPort { get; } = new("--cluster-port")
    {
        Description = "cluster mode: remoting port (0 picks a free one) [default: 4053]",
        HelpName = "PORT",
    };

    public Option<string?> SeedNodes { get; } = new("--seed-nodes")
    {
        Description = "cluster mode: akka.tcp://nano@HOST:PORT,... to join [default: none, this node starts the cluster]",
        HelpName = "LIST",
    };

    public Option<string?> Roles { get; } = new("--roles")
    {
        Description = "cluster mode: npu (hosts models), gateway (serves clients) or npu,gateway [default: npu,gateway]",
        HelpName = "LIST",
    };

    public Option<string?> Board { get; } = new("--board") { Description = "board type reported to the cluster [default: the models' board]", HelpName = "NAME" };

    public Option<long?> BoardMemoryMb { get; } = new("--board-memory-mb")
    {
        Description = "NPU-usable memory of this board in MB (nano.pool.memory-budget-mb) [default: 16384]",
        HelpName = "MB",
    };

    public Option<int?> MaxHandles { get; } = new("--max-handles") { Description = "live model handles on this board (nano.pool.max-handles) [default: 8]", HelpName = "N" };

    /// <summary>Whether this command serves MCP (run, and the root command): only then --transports and --bind exist.</summary>
    public bool Serve => serve;

    public T AddTo<T>(T command) where T : Command
    {
        command.Options.Add(Config);
        command.Options.Add(Runtime);
        command.Options.Add(LogLevel);
        command.Options.Add(Debug);
        if (serve)
        {
            command.Options.Add(Transports);
            command.Options.Add(Bind);
            foreach (var option in new Option[] { NodeName, ClusterHost, ClusterPort, SeedNodes, Roles, Board, BoardMemoryMb, MaxHandles })
                command.Options.Add(option);
        }
        return command;
    }

    public NodeOverrides Overrides(ParseResult parse) =>
        new(parse.GetValue(Config), parse.GetValue(Runtime), parse.GetValue(LogLevel), parse.GetValue(Debug))
        {
            Transports = serve ? parse.GetValue(Transports) : null,
            Bind = serve ? parse.GetValue(Bind) : null,
            NodeName = serve ? parse.GetValue(NodeName) : null,
            ClusterHost = serve ? parse.GetValue(ClusterHost) : null,
            ClusterPort = serve ? parse.GetValue(ClusterPort) : null,
            SeedNodes = serve ? parse.GetValue(SeedNodes) : null,
            Roles = serve ? parse.GetValue(Roles) : null,
            Board = serve ? parse.GetValue(Board) : null,
            BoardMemoryMb = serve ? parse.GetValue(BoardMemoryMb) : null,
            MaxHandles = serve ? parse.GetValue(MaxHandles) : null,
        };

    /// <summary>The layered configuration, or null after printing every problem to the error stream.</summary>
    public NodeConfiguration? Load(ParseResult parse, Config? commandDefaults = null)
    {
        var error = parse.InvocationConfiguration.Error;
        try
        {
            return NodeConfiguration.Build(Overrides(parse), EnvironmentOverrides.Process(), commandDefaults);
        }
        catch (ModelsConfigException e)
        {
            error.WriteLine($"nano: {e.ConfigPath}: {e.Errors.Count} configuration error(s):");
            foreach (var line in e.Errors) error.WriteLine($"  {line}");
            return null;
        }
        catch (NodeConfigurationException e)
        {
            error.WriteLine($"nano: {e.Message}");
            return null;
        }
    }

    /// <summary>Exit code for configuration and usage errors (1 is kept for failed requests and doctor problems).</summary>
    public const int ConfigError = 2;
}

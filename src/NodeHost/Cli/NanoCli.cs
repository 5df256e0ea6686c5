using System.CommandLine;

namespace Nano.NodeHost.Cli;

/// <summary>
/// nano's command line: `run` (also the default with no verb), `generate`, `models`, `doctor`, `simulate`, and the internal
/// `handle-host` child mode.
/// </summary>
public static class NanoCli
{
    public static RootCommand Build()
    {
        var options = new NodeOptions(serve: true);
        var root = options.AddTo(new RootCommand($"nano: actor-model LLM inference server for Rockchip NPU clusters. With no command: {RunCommand.Description}."));
        root.Subcommands.Add(RunCommand.Create());
        root.Subcommands.Add(GenerateCommand.Create());
        root.Subcommands.Add(ModelsCommand.Create());
        root.Subcommands.Add(DoctorCommand.Create());
        root.Subcommands.Add(SimulateCommand.Create());
        root.Subcommands.Add(HashKeyCommand.Create());
        root.Subcommands.Add(HandleHostCommand.Create());
        root.SetAction((parse, ct) => RunCommand.RunAsync(parse, options, ct));
        return root;
    }
}

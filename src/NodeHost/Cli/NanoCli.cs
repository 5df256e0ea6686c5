using System.CommandLine;

namespace Nano.NodeHost.Cli;

/// <summary>nano's command line: `run` (the default), `doctor`, and the internal `handle-host` child mode.</summary>
public static class NanoCli
{
    public static RootCommand Build()
    {
        var root = new RootCommand("nano: actor-model LLM inference server for Rockchip NPU clusters");
        root.Subcommands.Add(DoctorCommand.Create());
        root.Subcommands.Add(HandleHostCommand.Create());
        root.SetAction(_ =>
        {
            Console.Error.WriteLine("nano: the node host arrives with the pool actors (issue 4); try `doctor`.");
            return 0;
        });
        return root;
    }
}

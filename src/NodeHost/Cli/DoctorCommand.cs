using System.CommandLine;
using Nano.Runtime;
using Nano.Runtime.Diagnostics;

namespace Nano.NodeHost.Cli;

/// <summary>`doctor`: checks the board, runtime libraries, model files and memory; non-zero exit on problems.</summary>
internal static class DoctorCommand
{
    public static Command Create()
    {
        var libraries = new Option<string[]>("--library")
        {
            Description = "runtime library to check, as [v1.2=|v1.3=]PATH (repeatable; default v1.3=/usr/lib/librkllmrt.so on a board)",
            AllowMultipleArgumentsPerToken = true,
        };
        var models = new Option<string[]>("--model") { Description = "model file to check (repeatable)", AllowMultipleArgumentsPerToken = true };
        var root = new Option<string>("--fs-root") { Description = "read /proc, /sys and /dev below this folder (testing)", Hidden = true, DefaultValueFactory = _ => "/" };
        var command = new Command("doctor", "check NPU driver, runtime library, model files and memory") { libraries, models, root };
        command.SetAction(parse =>
        {
            var probe = new BoardProbe(parse.GetValue(root)!);
            var inputs = new DoctorInputs
            {
                Libraries = ParseLibraries(parse.GetValue(libraries) ?? [], probe.RockchipSocs().Count > 0),
                Models = (parse.GetValue(models) ?? []).Select(m => new DoctorModel(Path.GetFileName(m), m, RuntimeKind.Native)).ToArray(),
                EmulatorPath = EmulatorLocator.Find(RkllmAbi.V1_3),
            };
            var checks = new BoardDoctor(probe).Run(inputs);
            DoctorTable.Write(parse.InvocationConfiguration.Output, checks);
            return BoardDoctor.HasProblems(checks) ? 1 : 0;
        });
        return command;
    }

    private static DoctorLibrary[] ParseLibraries(string[] specs, bool onBoard)
    {
        if (specs.Length == 0)
            return onBoard ? [new DoctorLibrary("/usr/lib/librkllmrt.so", RkllmAbi.V1_3)] : [];
        return specs.Select(s => s switch
        {
            _ when s.StartsWith("v1.2=", StringComparison.Ordinal) => new DoctorLibrary(s[5..], RkllmAbi.V1_2),
            _ when s.StartsWith("v1.3=", StringComparison.Ordinal) => new DoctorLibrary(s[5..], RkllmAbi.V1_3),
            _ => new DoctorLibrary(s, RkllmAbi.V1_3),
        }).ToArray();
    }
}

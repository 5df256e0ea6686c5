using System.CommandLine;
using Nano.Actors.Configuration;
using Nano.NodeHost.Configuration;
using Nano.NodeHost.Configuration.Internal;
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
        var config = new Option<string?>("--config") { Description = "also check the models of this models.json: its validity, model files and runtime libraries", HelpName = "PATH" };
        var root = new Option<string>("--fs-root") { Description = "read /proc, /sys and /dev below this folder (testing)", Hidden = true, DefaultValueFactory = _ => "/" };
        var command = new Command("doctor", "check NPU driver, runtime library, model files and memory") { libraries, models, config, root };
        command.SetAction(parse =>
        {
            var probe = new BoardProbe(parse.GetValue(root)!);
            var configured = ConfiguredModels(parse.GetValue(config));
            var explicitLibraries = parse.GetValue(libraries) ?? [];
            var inputs = new DoctorInputs
            {
                Libraries = [.. ParseLibraries(explicitLibraries, probe.RockchipSocs().Count > 0 && configured.Libraries.Count == 0), .. configured.Libraries],
                Models = [.. (parse.GetValue(models) ?? []).Select(m => new DoctorModel(Path.GetFileName(m), m, RuntimeKind.Native)), .. configured.Models],
                EmulatorPath = EmulatorLocator.Find(RkllmAbi.V1_3),
            };
            var checks = configured.Checks.Concat(new BoardDoctor(probe).Run(inputs)).ToArray();
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

    private sealed record Configured(IReadOnlyList<DoctorCheck> Checks, IReadOnlyList<DoctorModel> Models, IReadOnlyList<DoctorLibrary> Libraries);

    // The configured models, layered like a node would load them (NANO_RUNTIME applies); an invalid config is a
    // failed check per error rather than an early exit, so the rest of the board is still examined.
    private static Configured ConfiguredModels(string? path)
    {
        if (path is null) return new([], [], []);
        NodeConfiguration node;
        try
        {
            node = NodeConfiguration.Build(new NodeOverrides(ConfigPath: path), EnvironmentOverrides.Process());
        }
        catch (ModelsConfigException e)
        {
            return new(e.Errors.Select(error => new DoctorCheck("config", Path.GetFileName(path), DoctorStatus.Fail, error)).ToArray(), [], []);
        }
        catch (NodeConfigurationException e)
        {
            return new([new DoctorCheck("config", Path.GetFileName(path), DoctorStatus.Fail, e.Message)], [], []);
        }
        var defs = node.Models.Models;
        var checks = new List<DoctorCheck>
        {
            new("config", Path.GetFileName(path), DoctorStatus.Ok, $"{defs.Count} model(s), {defs.Count(d => d.Runtime.Kind == RuntimeKind.Simulated)} simulated, from {node.Models.SourcePath}"),
        };
        foreach (var d in defs.Where(d => d.Runtime.Kind != RuntimeKind.Simulated && d.Runtime.LibraryPath is null))
            checks.Add(new("config", d.Name, DoctorStatus.Fail, "runtime emu: the emulator build was not found (the test command builds native/); set library_path"));
        var libraries = defs.Where(d => d.Runtime.Kind != RuntimeKind.Simulated && d.Runtime.LibraryPath is not null)
            .Select(d => new DoctorLibrary(d.Runtime.LibraryPath!, d.Runtime.Abi)).Distinct().ToArray();
        var models = defs.Select(d => new DoctorModel(d.Name, d.Path, d.Runtime.Kind, d.MemoryLimitMb)).ToArray();
        return new(checks, models, libraries);
    }
}

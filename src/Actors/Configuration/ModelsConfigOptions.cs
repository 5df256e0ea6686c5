using Akka.Configuration;
using Nano.Runtime;

namespace Nano.Actors.Configuration;

/// <summary>What the host adds when loading models.json: overrides from higher layers and environment facts.</summary>
public sealed record ModelsConfigOptions
{
    /// <summary>Where the vendor runtime lives on a board; the default library_path of native models.</summary>
    public const string NativeLibraryDefault = "/usr/lib/librkllmrt.so";

    /// <summary>Runtime forced on every model (environment or CLI); the file's own runtime values are still checked.</summary>
    public RuntimeKind? RuntimeOverride { get; init; }

    /// <summary>Finds the emulator build for an ABI; the default library_path of emu models (null leaves it to the runtime).</summary>
    public Func<RkllmAbi, string?>? EmulatorLibrary { get; init; }

    /// <summary>
    /// The HOCON defaults: keys of the file's "node" and "pool" sections must exist under nano.node / nano.pool here,
    /// and take the default's type. Null accepts any key (for tools that only want the models).
    /// </summary>
    public Config? SettingsDefaults { get; init; }

    public static ModelsConfigOptions Default { get; } = new();
}

using Nano.Runtime;

namespace Nano.NodeHost.Cli;

/// <summary>Finds the emulator build (native/build/vNN/librkllmrt.so) from the binary's folder upwards.</summary>
internal static class EmulatorLocator
{
    public static string? Find(RkllmAbi abi)
    {
        var sub = abi == RkllmAbi.V1_3 ? "v13" : "v12";
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            foreach (var candidate in new[] { Path.Combine(dir.FullName, "emulator", sub, "librkllmrt.so"), Path.Combine(dir.FullName, "native", "build", sub, "librkllmrt.so") })
                if (File.Exists(candidate)) return candidate;
        }
        return null;
    }
}

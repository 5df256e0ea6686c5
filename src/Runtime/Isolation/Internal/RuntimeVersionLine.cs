using System.Text.RegularExpressions;

namespace Nano.Runtime.Isolation.Internal;

/// <summary>The line librkllmrt.so prints at init ("rkllm-runtime version: 1.2.3, ..."), checked against the configured ABI.</summary>
internal static partial class RuntimeVersionLine
{
    [GeneratedRegex(@"rkllm-runtime version:\s*v?(\d+\.\d+(?:\.\d+)?)", RegexOptions.IgnoreCase)]
    private static partial Regex Pattern();

    public static bool TryParse(string line, out string version)
    {
        var m = Pattern().Match(line);
        version = m.Success ? m.Groups[1].Value : "";
        return m.Success;
    }

    /// <summary>1.3.x speaks the v1.3 ABI, 1.2.x the v1.2 ABI; any other version is not one nano can drive.</summary>
    public static RkllmAbi? AbiOf(string version) =>
        version.StartsWith("1.3", StringComparison.Ordinal) && (version.Length == 3 || version[3] == '.') ? RkllmAbi.V1_3
        : version.StartsWith("1.2", StringComparison.Ordinal) && (version.Length == 3 || version[3] == '.') ? RkllmAbi.V1_2
        : null;

    /// <summary>Null when the version fits the ABI, else the mismatch fault.</summary>
    public static RuntimeFaultException? Check(string version, RkllmAbi configured) =>
        AbiOf(version) == configured ? null
        : new RuntimeFaultException(RuntimeFaultKind.AbiMismatch,
            $"the runtime library reports version {version}, but the model is configured for the {(configured == RkllmAbi.V1_3 ? "v1.3" : "v1.2")} ABI");
}

using System.Text.RegularExpressions;
using Nano.Runtime.Native.Internal;

namespace Nano.Runtime.Isolation.Internal;

/// <summary>The line librkllmrt.so prints at init ("rkllm-runtime version: 1.2.3, ..."), checked against the configured ABI.</summary>
internal static partial class RuntimeVersionLine
{
    /// <summary>The version with a pre-release tag glued to the patch ("1.2.1b1"), which matters for the ABI.</summary>
    [GeneratedRegex(@"rkllm-runtime version:\s*v?(\d+\.\d+\.\d+[0-9A-Za-z]*)", RegexOptions.IgnoreCase)]
    private static partial Regex Pattern();

    public static bool TryParse(string line, out string version)
    {
        var m = Pattern().Match(line);
        version = m.Success ? m.Groups[1].Value : "";
        return m.Success;
    }

    /// <summary>The native binding's rule: 1.3.x is v1.3, 1.2.1 and later 1.2.x are v1.2, anything else is neither.</summary>
    public static RkllmAbi? AbiOf(string version) => RuntimeVersionScanner.AbiOf(version);

    /// <summary>Null when the version fits the ABI, else the mismatch fault.</summary>
    public static RuntimeFaultException? Check(string version, RkllmAbi configured) =>
        AbiOf(version) == configured ? null
        : new RuntimeFaultException(RuntimeFaultKind.AbiMismatch,
            $"the runtime library reports version {version}, but the model is configured for the {(configured == RkllmAbi.V1_3 ? "v1.3" : "v1.2")} ABI");
}

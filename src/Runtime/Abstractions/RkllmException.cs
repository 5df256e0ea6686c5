namespace Nano.Runtime;

/// <summary>A runtime function returned a non-zero status, or its arguments were refused before the call.</summary>
public class RkllmException(string function, int code, string message) : Exception($"{function} failed ({code}): {message}")
{
    public string Function { get; } = function;
    public int Code { get; } = code;
}

/// <summary>
/// Why a runtime stopped being usable: the child crashed, hung, exited, outgrew its memory limit, or the library is
/// missing or mismatched. Appended only: isolated children send the kind as its number.
/// </summary>
public enum RuntimeFaultKind
{
    LibraryMissing,
    AbiMismatch,
    Crashed,
    Hung,
    Exited,
    ProtocolError,
    /// <summary>An isolated child's resident memory passed its limit (IsolationOptions.MemoryLimitMb); it was killed.</summary>
    MemoryExceeded,
}

/// <summary>The runtime (or its isolated child process) is gone or unusable; the handle must be re-created.</summary>
public sealed class RuntimeFaultException(RuntimeFaultKind kind, string reason, Exception? inner = null)
    : Exception($"runtime fault ({kind}): {reason}", inner)
{
    public RuntimeFaultKind Kind { get; } = kind;
    public string Reason { get; } = reason;
}

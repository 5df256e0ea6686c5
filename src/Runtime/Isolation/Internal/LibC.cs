using System.Runtime.InteropServices;

namespace Nano.Runtime.Isolation.Internal;

/// <summary>The few libc calls process isolation needs that .NET does not expose.</summary>
internal static partial class LibC
{
    private const int ESRCH = 3;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    [LibraryImport("libc", EntryPoint = "getppid")]
    internal static partial int GetParentPid();

    /// <summary>Terminates at once: no finalizers, no atexit handlers of a native library that may be wedged.</summary>
    [LibraryImport("libc", EntryPoint = "_exit")]
    internal static partial void ExitImmediately(int status);

    [LibraryImport("libc", EntryPoint = "fflush")]
    private static partial int FFlush(nint stream);

    [LibraryImport("libc", EntryPoint = "setvbuf")]
    private static partial int SetVBuf(nint stream, nint buffer, int mode, nuint size);

    /// <summary>kill(pid, 0): true unless the process is gone (EPERM still means it exists).</summary>
    internal static bool ProcessExists(int pid) =>
        Kill(pid, 0) == 0 || Marshal.GetLastPInvokeError() != ESRCH;

    /// <summary>Pushes whatever the native library printf'd into the pipe, so the parent sees it now.</summary>
    internal static void FlushStdio()
    {
        try { FFlush(0); }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException) { }
    }

    /// <summary>
    /// C stdout to a pipe is block-buffered: the runtime's version line would sit in the buffer until exit.
    /// Line buffering makes every line the library prints reach the parent as it is printed.
    /// </summary>
    internal static void LineBufferStdout()
    {
        const int _IOLBF = 1;
        try
        {
            if (NativeLibrary.TryLoad("libc.so.6", out var libc) && NativeLibrary.TryGetExport(libc, "stdout", out var symbol))
                SetVBuf(Marshal.ReadIntPtr(symbol), 0, _IOLBF, 0);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException) { }
    }
}

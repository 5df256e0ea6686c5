using System.Runtime.InteropServices;

namespace Nano.Runtime.Native.Internal;

/// <summary>
/// One loaded librkllmrt.so and its exports as unmanaged function pointers. Loaded by path (not DllImport) so
/// libraries of both ABIs can live in one process. Pointer and handle arguments are nint: every function takes
/// only pointer-sized or int arguments, so one table serves both ABIs; the struct-returning
/// rkllm_createDefaultParam is cast per ABI by its marshaller (the struct size decides the return convention).
/// The library is never unloaded once a handle could exist: native threads may still run its code.
/// </summary>
internal sealed unsafe class RkllmLibrary
{
    public string Path { get; }
    public nint Module { get; }

    public readonly nint CreateDefaultParam;
    public readonly delegate* unmanaged[Cdecl]<nint*, nint, nint, int> Init;
    public readonly delegate* unmanaged[Cdecl]<nint, int> Destroy;
    public readonly delegate* unmanaged[Cdecl]<nint, nint, nint, nint, int> Run;
    public readonly delegate* unmanaged[Cdecl]<nint, nint, nint, nint, int> RunAsync;
    public readonly delegate* unmanaged[Cdecl]<nint, int> Abort;
    public readonly delegate* unmanaged[Cdecl]<nint, int> IsRunning;
    // Optional: older v1.2.x builds lack some of these; a call then fails with RkllmException naming the symbol.
    public readonly delegate* unmanaged[Cdecl]<nint, nint, int> LoadLora;
    public readonly delegate* unmanaged[Cdecl]<nint, nint, int> LoadPromptCache;
    public readonly delegate* unmanaged[Cdecl]<nint, int> ReleasePromptCache;
    public readonly delegate* unmanaged[Cdecl]<nint, int, int*, int*, int> ClearKvCache;
    public readonly delegate* unmanaged[Cdecl]<nint, int*, int> GetKvCacheSize;
    public readonly delegate* unmanaged[Cdecl]<nint, nint, nint, nint, int> SetChatTemplate;
    public readonly delegate* unmanaged[Cdecl]<nint, nint, nint, nint, int> SetFunctionTools;
    public readonly delegate* unmanaged[Cdecl]<nint, nint, int> SetCrossAttnParams;
    // Emulator only: the build's ABI (12/13) and version string.
    public readonly delegate* unmanaged[Cdecl]<int> EmuAbi;
    public readonly delegate* unmanaged[Cdecl]<nint> EmuVersion;

    private RkllmLibrary(string path, nint module)
    {
        Path = path;
        Module = module;
        CreateDefaultParam = Required("rkllm_createDefaultParam");
        Init = (delegate* unmanaged[Cdecl]<nint*, nint, nint, int>)Required("rkllm_init");
        Destroy = (delegate* unmanaged[Cdecl]<nint, int>)Required("rkllm_destroy");
        Run = (delegate* unmanaged[Cdecl]<nint, nint, nint, nint, int>)Required("rkllm_run");
        RunAsync = (delegate* unmanaged[Cdecl]<nint, nint, nint, nint, int>)Required("rkllm_run_async");
        Abort = (delegate* unmanaged[Cdecl]<nint, int>)Required("rkllm_abort");
        IsRunning = (delegate* unmanaged[Cdecl]<nint, int>)Required("rkllm_is_running");
        LoadLora = (delegate* unmanaged[Cdecl]<nint, nint, int>)Optional("rkllm_load_lora");
        LoadPromptCache = (delegate* unmanaged[Cdecl]<nint, nint, int>)Optional("rkllm_load_prompt_cache");
        ReleasePromptCache = (delegate* unmanaged[Cdecl]<nint, int>)Optional("rkllm_release_prompt_cache");
        ClearKvCache = (delegate* unmanaged[Cdecl]<nint, int, int*, int*, int>)Optional("rkllm_clear_kv_cache");
        GetKvCacheSize = (delegate* unmanaged[Cdecl]<nint, int*, int>)Optional("rkllm_get_kv_cache_size");
        SetChatTemplate = (delegate* unmanaged[Cdecl]<nint, nint, nint, nint, int>)Optional("rkllm_set_chat_template");
        SetFunctionTools = (delegate* unmanaged[Cdecl]<nint, nint, nint, nint, int>)Optional("rkllm_set_function_tools");
        SetCrossAttnParams = (delegate* unmanaged[Cdecl]<nint, nint, int>)Optional("rkllm_set_cross_attn_params");
        EmuAbi = (delegate* unmanaged[Cdecl]<int>)Optional("nano_emu_abi");
        EmuVersion = (delegate* unmanaged[Cdecl]<nint>)Optional("nano_emu_version");
    }

    public bool IsEmulator => EmuVersion != null;

    /// <summary>Loads the library; a missing file, an unloadable file or a missing core export is a LibraryMissing fault.</summary>
    public static RkllmLibrary Load(string path)
    {
        if (!File.Exists(path))
            throw new RuntimeFaultException(RuntimeFaultKind.LibraryMissing, $"librkllmrt not found at {path}");
        nint module;
        try
        {
            module = NativeLibrary.Load(path);
        }
        catch (Exception e) when (e is DllNotFoundException or BadImageFormatException)
        {
            throw new RuntimeFaultException(RuntimeFaultKind.LibraryMissing, $"could not load {path}: {e.Message}", e);
        }
        try
        {
            return new RkllmLibrary(path, module);
        }
        catch
        {
            NativeLibrary.Free(module);
            throw;
        }
    }

    /// <summary>Unloads after a failed probe, before any handle exists.</summary>
    public void Unload() => NativeLibrary.Free(Module);

    /// <summary>Throws the RkllmException for an optional export this build lacks.</summary>
    public void Require(bool exported, string symbol)
    {
        if (!exported) throw new RkllmException(symbol, -1, $"{Path} does not export {symbol} (older runtime build?)");
    }

    private nint Required(string symbol) =>
        NativeLibrary.TryGetExport(Module, symbol, out var address)
            ? address
            : throw new RuntimeFaultException(RuntimeFaultKind.LibraryMissing, $"{Path} does not export {symbol}");

    private nint Optional(string symbol) => NativeLibrary.TryGetExport(Module, symbol, out var address) ? address : 0;
}

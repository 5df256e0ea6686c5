using System.Diagnostics;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Nano.Runtime.Native.Internal;
using Nano.Runtime.Native.Internal.Abi12;
using Nano.Runtime.Native.Internal.Abi13;

namespace Nano.Runtime.Native;

/// <summary>
/// librkllmrt.so (the vendor runtime or nano's emulator) through P/Invoke, for one ABI and one library path.
/// The library is loaded by path and its ABI verified in the constructor; a missing library or export is a
/// <see cref="RuntimeFaultKind.LibraryMissing"/> fault, a different ABI an <see cref="RuntimeFaultKind.AbiMismatch"/>.
/// Libraries stay loaded for the life of the process (native threads may outlive handles briefly).
/// </summary>
public sealed unsafe class NativeRuntime : IRkllmRuntime
{
    private readonly RkllmLibrary _library;
    private readonly IAbiMarshaller _marshaller;
    private readonly ILogger _logger;

    public NativeRuntime(RkllmAbi abi, string libraryPath, ILogger? logger = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(libraryPath);
        // The mirror structs use LP64 offsets; rkllm ships for aarch64 only.
        if (!Environment.Is64BitProcess) throw new PlatformNotSupportedException("librkllmrt needs a 64-bit process");
        _marshaller = abi switch
        {
            RkllmAbi.V1_2 => Abi12Marshaller.Instance,
            RkllmAbi.V1_3 => Abi13Marshaller.Instance,
            _ => throw new ArgumentOutOfRangeException(nameof(abi), abi, "unknown rkllm ABI"),
        };
        _logger = logger ?? NullLogger.Instance;
        _library = RkllmLibrary.Load(Path.GetFullPath(libraryPath));
        try
        {
            Info = AbiProbe.Verify(_library, abi, _logger);
        }
        catch
        {
            _library.Unload();
            throw;
        }
        _logger.LogInformation("Loaded rkllm runtime {Library}: {Kind} {Version}, ABI {Abi}",
            Info.Library, Info.Kind, Info.Version, AbiProbe.Name(abi));
    }

    public RuntimeInfo Info { get; }

    public RkllmParams CreateDefaultParams(string modelPath)
    {
        ArgumentNullException.ThrowIfNull(modelPath);
        return _marshaller.ReadDefaults(_library, modelPath);
    }

    public IRkllmHandle Init(RkllmParams parameters, RkllmInitOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        options ??= RkllmInitOptions.None;
        _marshaller.ValidateInit(parameters, options);
        if (!File.Exists(parameters.ModelPath))
            throw new RkllmException("rkllm_init", -1, $"model file not found: {parameters.ModelPath}");

        var state = new HandleState(_marshaller, _logger, options.Tokenizer, options.Embedder);
        var stateHandle = GCHandle.Alloc(state);
        var keep = new NativeAllocations();
        var callbacks = new InitCallbacks(NativeCallbacks.Result, GCHandle.ToIntPtr(stateHandle),
            options.Tokenizer is null ? 0 : NativeCallbacks.Tokenizer, options.Embedder is null ? 0 : NativeCallbacks.Embedder);
        var started = Stopwatch.GetTimestamp();
        nint handle = 0;
        int status;
        try
        {
            status = _marshaller.Init(_library, &handle, parameters, callbacks, keep);
        }
        catch
        {
            keep.Dispose();
            stateHandle.Free();
            throw;
        }
        if (status != 0 || handle == 0)
        {
            keep.Dispose();
            stateHandle.Free();
            throw new RkllmException("rkllm_init", status != 0 ? status : -1,
                $"model {parameters.ModelPath} on {Info}{(status == 0 ? " returned no handle" : "")}");
        }
        _logger.LogInformation("rkllm_init {Model} on {Library} (ABI {Abi}, {Version}) took {Elapsed:F0} ms",
            parameters.ModelPath, Info.Library, AbiProbe.Name(Info.Abi), Info.Version, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return new NativeHandle(_library, handle, Info, state, stateHandle, keep, parameters.Extend.NBatch, parameters.ModelPath, _logger);
    }
}

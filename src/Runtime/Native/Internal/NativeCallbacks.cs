using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Nano.Runtime.Native.Internal.Interop;

namespace Nano.Runtime.Native.Internal;

/// <summary>
/// The static entry points the runtime calls on its own threads. Each resolves its userdata GCHandle and never lets
/// an exception unwind into native code (that would take the process down).
/// </summary>
internal static unsafe class NativeCallbacks
{
    public static nint Result => (nint)(delegate* unmanaged[Cdecl]<RKLLMResult*, nint, int, int>)&OnResult;
    public static nint Tokenizer => (nint)(delegate* unmanaged[Cdecl]<nint, byte*, int, int*, int, int>)&OnTokenize;
    public static nint Embedder => (nint)(delegate* unmanaged[Cdecl]<nint, int*, ulong, void*, ulong, int>)&OnEmbed;

    [ThreadStatic] private static int t_inResultCallback;

    /// <summary>True on a runtime thread while it is inside a result callback (where rkllm_destroy would deadlock).</summary>
    public static bool InResultCallback => t_inResultCallback > 0;

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int OnResult(RKLLMResult* result, nint userdata, int state)
    {
        t_inResultCallback++;
        try
        {
            var run = HandleState.ResolveRun(userdata);
            return run is null ? 0 : run.OnCallback(Read(result, (RkllmCallState)state));
        }
        catch
        {
            // Nothing sensible to report to native code: continue and let the run finish.
            return 0;
        }
        finally
        {
            t_inResultCallback--;
        }
    }

    /// <summary>A result that cannot be copied still reaches the run, so a Finish is never lost.</summary>
    private static RkllmResult Read(RKLLMResult* result, RkllmCallState state)
    {
        try
        {
            return ResultReader.Read(result, state);
        }
        catch (Exception e) when (e is OutOfMemoryException or ArgumentException)
        {
            return new RkllmResult(state, null, -1);
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int OnTokenize(nint userdata, byte* text, int textLength, int* tokens, int maxTokens)
    {
        HandleState? state = null;
        try
        {
            state = userdata == 0 ? null : GCHandle.FromIntPtr(userdata).Target as HandleState;
            if (state?.Tokenizer is not { } tokenizer || textLength < 0 || maxTokens < 0) return -1;
            return tokenizer.Tokenize(new ReadOnlySpan<byte>(text, textLength), new Span<int>(tokens, maxTokens));
        }
        catch (Exception e)
        {
            state?.Logger.LogError(e, "rkllm tokenizer callback threw");
            return -1;
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int OnEmbed(nint userdata, int* tokens, ulong tokenCount, void* embed, ulong length)
    {
        HandleState? state = null;
        try
        {
            state = userdata == 0 ? null : GCHandle.FromIntPtr(userdata).Target as HandleState;
            if (state?.Embedder is not { } embedder || tokenCount > int.MaxValue || length > int.MaxValue) return -1;
            return embedder.Embed(new ReadOnlySpan<int>(tokens, (int)tokenCount), new Span<byte>(embed, (int)length));
        }
        catch (Exception e)
        {
            state?.Logger.LogError(e, "rkllm embed callback threw");
            return -1;
        }
    }
}

using System.Runtime.InteropServices;

namespace Nano.Runtime.Native.Internal.Interop;

/// <summary>RKLLMCrossAttnParam: four caller-owned arrays the runtime may keep using after the call.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct RKLLMCrossAttnParam
{
    public nint encoder_k_cache;
    public nint encoder_v_cache;
    public nint encoder_mask;
    public nint encoder_pos;
    public int num_tokens;
}

using System.Runtime.InteropServices;

namespace Nano.Runtime.Native.Internal.Interop;

/// <summary>RKLLMResultLastHiddenLayer: runtime-owned buffer, valid only during the callback.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct RKLLMResultLastHiddenLayer
{
    public nint hidden_states;
    public int embd_size;
    public int num_tokens;
}

using System.Runtime.InteropServices;

namespace Nano.Runtime.Native.Internal.Interop;

/// <summary>RKLLMResultLogits: runtime-owned buffer, valid only during the callback.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct RKLLMResultLogits
{
    public nint logits;
    public int vocab_size;
    public int num_tokens;
}

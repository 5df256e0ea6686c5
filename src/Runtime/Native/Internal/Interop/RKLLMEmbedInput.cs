using System.Runtime.InteropServices;

namespace Nano.Runtime.Native.Internal.Interop;

/// <summary>RKLLMEmbedInput: float* embed, size_t n_tokens.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct RKLLMEmbedInput
{
    public nint embed;
    public nuint n_tokens;
}

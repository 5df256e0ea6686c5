using System.Runtime.InteropServices;

namespace Nano.Runtime.Native.Internal.Interop;

/// <summary>RKLLMTokenInput: int32_t* input_ids, size_t n_tokens.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct RKLLMTokenInput
{
    public nint input_ids;
    public nuint n_tokens;
}

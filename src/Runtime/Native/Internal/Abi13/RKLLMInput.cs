using System.Runtime.InteropServices;
using Nano.Runtime.Native.Internal.Interop;

namespace Nano.Runtime.Native.Internal.Abi13;

/// <summary>
/// RKLLMInput of v1.3: role, thinking flag, type, then the anonymous union at offset 16 (pointer alignment after
/// two 4-byte slots). Offsets assume LP64, which NativeRuntime enforces.
/// </summary>
[StructLayout(LayoutKind.Explicit)]
internal struct RKLLMInput
{
    [FieldOffset(0)] public nint role;
    [FieldOffset(8)] public byte enable_thinking;
    [FieldOffset(12)] public int input_type;
    [FieldOffset(16)] public nint prompt_input;
    [FieldOffset(16)] public RKLLMEmbedInput embed_input;
    [FieldOffset(16)] public RKLLMTokenInput token_input;
    [FieldOffset(16)] public RKLLMMultiModalInput multimodal_input;
}

using System.Runtime.InteropServices;

namespace Nano.Runtime.Native.Internal.Abi13;

/// <summary>v1.3 RKLLMCallback, passed by pointer to rkllm_init.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct RKLLMCallback
{
    public nint result_callback;
    public nint result_userdata;
    public nint tokenizer_callback;
    public nint tokenizer_userdata;
    public nint embed_callback;
    public nint embed_userdata;
}

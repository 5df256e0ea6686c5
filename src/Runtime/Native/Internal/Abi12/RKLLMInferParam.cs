using System.Runtime.InteropServices;

namespace Nano.Runtime.Native.Internal.Abi12;

/// <summary>v1.2 RKLLMInferParam: no sampling override, no max_new_tokens.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct RKLLMInferParam
{
    public int mode;
    public nint lora_params;
    public nint prompt_cache_params;
    public int keep_history;
}

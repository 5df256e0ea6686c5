using System.Runtime.InteropServices;

namespace Nano.Runtime.Native.Internal.Abi13;

/// <summary>v1.3 RKLLMInferParam: adds sampling_params and max_new_tokens.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct RKLLMInferParam
{
    public int mode;
    public nint lora_params;
    public nint prompt_cache_params;
    public nint sampling_params;
    public int keep_history;
    public int max_new_tokens;
}

using System.Runtime.InteropServices;
using Nano.Runtime.Native.Internal.Interop;

namespace Nano.Runtime.Native.Internal.Abi12;

/// <summary>RKLLMParam of runtime v1.2.x: no ignore_eos_token; image tags live here. C bool is byte.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct RKLLMParam
{
    public nint model_path;
    public int max_context_len;
    public int max_new_tokens;
    public int top_k;
    public int n_keep;
    public float top_p;
    public float temperature;
    public float repeat_penalty;
    public float frequency_penalty;
    public float presence_penalty;
    public int mirostat;
    public float mirostat_tau;
    public float mirostat_eta;
    public byte skip_special_token;
    public byte is_async;
    public nint img_start;
    public nint img_end;
    public nint img_content;
    public RKLLMExtendParam extend_param;
}

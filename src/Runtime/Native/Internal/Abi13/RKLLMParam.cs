using System.Runtime.InteropServices;
using Nano.Runtime.Native.Internal.Interop;

namespace Nano.Runtime.Native.Internal.Abi13;

/// <summary>RKLLMParam of runtime v1.3.0: adds ignore_eos_token, drops the image tags. C bool is byte.</summary>
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
    public byte ignore_eos_token;
    public byte is_async;
    public RKLLMExtendParam extend_param;
}

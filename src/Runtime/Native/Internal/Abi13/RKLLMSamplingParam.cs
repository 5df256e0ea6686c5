using System.Runtime.InteropServices;

namespace Nano.Runtime.Native.Internal.Abi13;

/// <summary>v1.3 per-run sampling override.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct RKLLMSamplingParam
{
    public int top_k;
    public float top_p;
    public float temperature;
    public float repeat_penalty;
    public float frequency_penalty;
    public float presence_penalty;
    public int mirostat;
    public float mirostat_tau;
    public float mirostat_eta;
}

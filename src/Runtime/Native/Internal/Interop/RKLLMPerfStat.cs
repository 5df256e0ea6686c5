using System.Runtime.InteropServices;

namespace Nano.Runtime.Native.Internal.Interop;

/// <summary>RKLLMPerfStat.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct RKLLMPerfStat
{
    public float prefill_time_ms;
    public int prefill_tokens;
    public float generate_time_ms;
    public int generate_tokens;
    public float memory_usage_mb;
}

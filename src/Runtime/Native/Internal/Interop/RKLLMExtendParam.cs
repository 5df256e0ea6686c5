using System.Runtime.InteropServices;

namespace Nano.Runtime.Native.Internal.Interop;

/// <summary>RKLLMExtendParam (same on both ABIs). Field names mirror rkllm.h so the layout test maps them 1:1.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct RKLLMExtendParam
{
    public int base_domain_id;
    public sbyte embed_flash;
    public sbyte enabled_cpus_num;
    public uint enabled_cpus_mask;
    public byte n_batch;
    public sbyte use_cross_attn;
    public fixed byte reserved[104];
}

using System.Runtime.InteropServices;

namespace Nano.Runtime.Native.Internal.Interop;

/// <summary>RKLLMResult (same on both ABIs): what the result callback points at.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct RKLLMResult
{
    public nint text;
    public int token_id;
    public RKLLMResultLastHiddenLayer last_hidden_layer;
    public RKLLMResultLogits logits;
    public RKLLMPerfStat perf;
}

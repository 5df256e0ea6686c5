using System.Runtime.InteropServices;

namespace Nano.Runtime.Native.Internal.Interop;

/// <summary>RKLLMLoraParam: the name of a loaded adapter to use for one run.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct RKLLMLoraParam
{
    public nint lora_adapter_name;
}

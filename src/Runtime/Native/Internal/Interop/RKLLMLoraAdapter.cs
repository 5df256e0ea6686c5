using System.Runtime.InteropServices;

namespace Nano.Runtime.Native.Internal.Interop;

/// <summary>RKLLMLoraAdapter: two UTF-8 strings and a scale.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct RKLLMLoraAdapter
{
    public nint lora_adapter_path;
    public nint lora_adapter_name;
    public float scale;
}

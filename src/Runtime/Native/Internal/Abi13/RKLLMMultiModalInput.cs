using System.Runtime.InteropServices;

namespace Nano.Runtime.Native.Internal.Abi13;

/// <summary>v1.3 multimodal input: prompt plus nested image and video parts.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct RKLLMMultiModalInput
{
    public nint prompt;
    public RKLLMImageInput image;
    public RKLLMVideoInput video;
}

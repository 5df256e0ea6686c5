using System.Runtime.InteropServices;

namespace Nano.Runtime.Native.Internal.Abi12;

/// <summary>v1.2 multimodal input: flat, image only.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct RKLLMMultiModalInput
{
    public nint prompt;
    public nint image_embed;
    public nuint n_image_tokens;
    public nuint n_image;
    public nuint image_width;
    public nuint image_height;
}

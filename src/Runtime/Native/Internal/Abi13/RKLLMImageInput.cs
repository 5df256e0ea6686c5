using System.Runtime.InteropServices;

namespace Nano.Runtime.Native.Internal.Abi13;

/// <summary>The image member of the v1.3 multimodal input (anonymous in the vendor header).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct RKLLMImageInput
{
    public nint image_embed;
    public nuint n_image_tokens;
    public nuint n_image;
    public nint image_start;
    public nint image_end;
    public nint image_content;
    public nuint image_width;
    public nuint image_height;
}

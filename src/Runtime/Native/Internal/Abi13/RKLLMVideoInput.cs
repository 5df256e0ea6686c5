using System.Runtime.InteropServices;

namespace Nano.Runtime.Native.Internal.Abi13;

/// <summary>The video member of the v1.3 multimodal input.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct RKLLMVideoInput
{
    public nint video_embed;
    public nuint n_frame_tokens;
    public nuint n_frame_per_video;
    public nuint n_video;
    public nint video_start;
    public nint video_end;
    public nint video_content;
    public nuint frame_width;
    public nuint frame_height;
}

using System.Runtime.InteropServices;

namespace Nano.Runtime.Native.Internal.Interop;

/// <summary>RKLLMPromptCacheParam.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct RKLLMPromptCacheParam
{
    public int save_prompt_cache;
    public nint prompt_cache_path;
}

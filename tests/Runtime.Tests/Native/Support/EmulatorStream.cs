using System.Text;

namespace Nano.Runtime.Tests.Native.Support;

/// <summary>
/// The emulator's documented deterministic stream (native/README.md): FNV-1a seed of the input, splitmix64 per
/// position, 32 words, every 5th token the two-callback "é". Lets tests predict text, order and buffer values.
/// </summary>
internal static class EmulatorStream
{
    public const int Utf8TokenId = 1000;
    private const ulong FnvOffset = 0xcbf29ce484222325UL;

    private static readonly string[] Words =
    [
        "the ", "a ", "model ", "runs ", "on ", "npu ", "board ", "fast ",
        "token ", "stream ", "of ", "words ", "and ", "it ", "is ", "quiet ",
        "small ", "cold ", "warm ", "light ", "data ", "flows ", "here ", "now ",
        "we ", "see ", "more ", "than ", "one ", "path ", "to ", "go ",
    ];

    public static ulong Seed(string prompt, string? lora = null)
    {
        var seed = Fnv(FnvOffset, Encoding.UTF8.GetBytes(prompt));
        if (lora is not null) seed = Fnv(Fnv(seed, [0]), Encoding.UTF8.GetBytes(lora));
        return seed;
    }

    public static int TokenAt(ulong seed, int index)
    {
        if (index % 5 == 4) return Utf8TokenId;
        var x = seed ^ ((ulong)index * 0x9E3779B97F4A7C15UL);
        x ^= x >> 30;
        x *= 0xBF58476D1CE4E5B9UL;
        x ^= x >> 27;
        x *= 0x94D049BB133111EBUL;
        x ^= x >> 31;
        return (int)(x % 32);
    }

    public static string TextOf(int token) => token == Utf8TokenId ? "é" : Words[token];

    /// <summary>The text of tokens [0, count) for this prompt.</summary>
    public static string Text(string prompt, int count, string? lora = null)
    {
        var seed = Seed(prompt, lora);
        return string.Concat(Enumerable.Range(0, count).Select(i => TextOf(TokenAt(seed, i))));
    }

    /// <summary>Hidden states are sinf(seed % 1024 + i), logits cosf(seed % 1024 + i).</summary>
    public static float Base(string prompt) => Seed(prompt) % 1024;

    private static ulong Fnv(ulong hash, ReadOnlySpan<byte> data)
    {
        foreach (var b in data)
        {
            hash ^= b;
            hash *= 0x100000001b3UL;
        }
        return hash;
    }
}

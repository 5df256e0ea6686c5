using System.Text;

namespace Nano.Runtime.Sim.Internal;

/// <summary>FNV-1a 64: a hash that, unlike string.GetHashCode, is the same in every process, so simulated output is reproducible.</summary>
internal struct StableHash
{
    private ulong value = 14695981039346656037UL;

    public StableHash() { }

    public readonly ulong Value => value;

    public StableHash Add(ulong x)
    {
        for (var i = 0; i < 8; i++, x >>= 8) value = (value ^ (x & 0xFF)) * 1099511628211UL;
        return this;
    }

    public StableHash Add(int x) => Add((ulong)(uint)x);

    public StableHash Add(float x) => Add(BitConverter.SingleToUInt32Bits(x));

    public StableHash Add(string? s)
    {
        if (s is null) return Add(0xFFFF_FFFFUL);
        foreach (var b in Encoding.UTF8.GetBytes(s)) value = (value ^ b) * 1099511628211UL;
        return Add(s.Length);
    }

    public StableHash Add(ReadOnlySpan<int> xs)
    {
        foreach (var x in xs) Add(x);
        return Add(xs.Length);
    }

    public StableHash Add(ReadOnlySpan<float> xs)
    {
        foreach (var x in xs) Add(x);
        return Add(xs.Length);
    }
}

/// <summary>SplitMix64: a tiny seedable generator with a stable sequence across runtimes and versions (unlike System.Random).</summary>
internal struct SimRandom(ulong seed)
{
    private ulong state = seed;

    public ulong NextULong()
    {
        var z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    public int Next(int maxExclusive) => (int)(NextULong() % (ulong)maxExclusive);

    /// <summary>Uniform in [-1, 1).</summary>
    public float NextSigned() => (float)((NextULong() >> 11) * (1.0 / (1UL << 53)) * 2.0 - 1.0);
}

using FsCheck;
using FsCheck.Fluent;

namespace Nano.Gateway.Tests.Fuzz;

/// <summary>
/// The fuzz run's size and seed. Fixed by default so CI replays the same frames; NANO_FUZZ_SEED varies the seed,
/// NANO_FUZZ_FRAMES raises the frame count per transport (default 10 000). Every failure names both.
/// </summary>
public static class FuzzRun
{
    public const int DefaultSeed = 20_260_901;
    public const int DefaultFrames = 10_000;

    public static int Seed { get; } = int.TryParse(Environment.GetEnvironmentVariable("NANO_FUZZ_SEED"), out var s) ? s : DefaultSeed;

    public static int Frames { get; } =
        int.TryParse(Environment.GetEnvironmentVariable("NANO_FUZZ_FRAMES"), out var n) && n > 0 ? n : DefaultFrames;

    /// <summary>The random state of one spec's generators: the run's seed mixed with the spec's own salt.</summary>
    public static Rnd Rnd(string salt) => new((ulong)(uint)Seed * 0x9E3779B97F4A7C15UL ^ (ulong)(uint)StableHash(salt));

    /// <summary><paramref name="count"/> samples of <paramref name="gen"/>, reproducible from the seed and the salt.</summary>
    public static T[] Sample<T>(Gen<T> gen, int count, string salt, int size = 40) => gen.Sample(count, Rnd(salt), size);

    /// <summary>How to replay a failure: the seed and frame count in force.</summary>
    public static string Replay(string what) =>
        $"{what} [fuzz seed {Seed}, {Frames} frames per transport: rerun with NANO_FUZZ_SEED={Seed} NANO_FUZZ_FRAMES={Frames}]";

    private static int StableHash(string text)
    {
        unchecked
        {
            var hash = (int)2166136261;
            foreach (var c in text) hash = (hash ^ c) * 16777619;
            return hash;
        }
    }
}

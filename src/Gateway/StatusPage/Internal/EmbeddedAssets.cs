using System.Collections.Concurrent;

namespace Nano.Gateway.StatusPage.Internal;

/// <summary>The page's three files, embedded in the gateway assembly (no CDN, no npm), read once.</summary>
internal static class EmbeddedAssets
{
    private static readonly ConcurrentDictionary<string, byte[]> Cache = new();

    public static byte[] Get(string name) => Cache.GetOrAdd(name, static n =>
    {
        using var stream = typeof(EmbeddedAssets).Assembly.GetManifestResourceStream($"nano.status.{n}")
            ?? throw new InvalidOperationException($"the status page asset {n} is not embedded");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    });
}

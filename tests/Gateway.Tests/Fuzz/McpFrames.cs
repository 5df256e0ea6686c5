using System.Text;
using FsCheck;
using FsCheck.Fluent;

namespace Nano.Gateway.Tests.Fuzz;

/// <summary>The MCP frames every transport is fuzzed with: generated messages, real frames as sent and mutated, oversize ones, noise.</summary>
public static class McpFrames
{
    public static readonly byte[][] Corpus = FrameCorpus.Bytes(FrameCorpus.Mcp);

    public static Gen<byte[]> Frame(int maxBytes) => Gen.Frequency(
        (10, JsonRpcGen.Any(FuzzNode.MaxJsonDepth).Select(m => Encoding.UTF8.GetBytes(m.Json))),
        (8, FrameMutator.Mutated(Corpus)),
        (2, Gen.Elements(Corpus)),
        (1, FrameMutator.Oversize(Corpus, maxBytes)),
        (1, Gen.Choose(0, 300).SelectMany(n => Gen.Choose(0, 255).Select(b => (byte)b).ArrayOf(n))));

    /// <summary>The run's frames for one transport, reproducible from the seed and <paramref name="salt"/>.</summary>
    public static byte[][] Sample(string salt, int maxBytes, int? count = null) => FuzzRun.Sample(Frame(maxBytes), count ?? FuzzRun.Frames, salt);
}

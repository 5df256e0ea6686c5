using System.Text;
using FsCheck;
using FsCheck.Fluent;

namespace Nano.Gateway.Tests.Fuzz;

/// <summary>
/// Byte-level mutations of real frames: bit flips, random bytes, inserts, deletes, truncation, splicing two frames,
/// repeats, inserted newlines and carriage returns, invalid UTF-8, and padding past the size limit.
/// </summary>
public static class FrameMutator
{
    private static readonly byte[][] InvalidUtf8 =
    [
        [0xFF], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80], [0xE2, 0x82], [0x80], [0xF4, 0x90, 0x80, 0x80], [0xEF, 0xBB, 0xBF],
    ];

    private static readonly byte[] Alphabet = "{}[]\":,\\0123456789-.eE+truefalsn \t"u8.ToArray();

    private delegate byte[] Mutation(byte[] frame, byte[] other, int at, int length, int value);

    private static readonly Mutation[] Mutations =
    [
        (f, _, at, _, v) => Set(f, at, (byte)(f.Length == 0 ? v : f[at % f.Length] ^ (1 << (v % 8)))),
        (f, _, at, _, v) => Set(f, at, (byte)v),
        (f, _, at, _, v) => Insert(f, at, [Alphabet[v % Alphabet.Length]]),
        (f, _, at, len, _) => Delete(f, at, len),
        (f, _, at, _, _) => Slice(f, 0, f.Length == 0 ? 0 : at % f.Length),
        (f, o, at, _, v) => [.. Slice(f, 0, f.Length == 0 ? 0 : at % f.Length), .. Slice(o, o.Length == 0 ? 0 : v % o.Length, o.Length)],
        (f, _, at, len, v) => Repeat(f, at, len, 1 + v % 4),
        (f, _, at, _, v) => Insert(f, at, (v % 4) switch { 0 => "\n"u8.ToArray(), 1 => "\r"u8.ToArray(), 2 => "\r\n"u8.ToArray(), _ => "\n\n"u8.ToArray() }),
        (f, _, at, _, v) => Insert(f, at, InvalidUtf8[v % InvalidUtf8.Length]),
        (f, _, at, _, v) => Insert(f, at, (v % 3) switch { 0 => "\0"u8.ToArray(), 1 => "\\u0000"u8.ToArray(), _ => "\\ud800"u8.ToArray() }),
        (f, o, _, _, _) => [.. f, .. o],
    ];

    /// <summary>1..4 mutations of a frame from <paramref name="corpus"/>, sometimes spliced with another.</summary>
    public static Gen<byte[]> Mutated(byte[][] corpus) =>
        from frame in Gen.Elements(corpus)
        from count in Gen.Choose(1, 4)
        from steps in (from op in Gen.Choose(0, Mutations.Length - 1)
                       from other in Gen.Elements(corpus)
                       from at in Gen.Choose(0, 4096)
                       from length in Gen.Choose(1, 24)
                       from value in Gen.Choose(0, 255)
                       select (op, other, at, length, value)).ListOf(count)
        select steps.Aggregate(frame, (bytes, s) => Mutations[s.op](bytes, s.other, s.at, s.length, s.value));

    /// <summary>A corpus frame padded inside a string (or at the end) to just under or past <paramref name="limit"/> bytes.</summary>
    public static Gen<byte[]> Oversize(byte[][] corpus, int limit) =>
        from frame in Gen.Elements(corpus)
        from delta in Gen.Elements(-64, -1, 1, 100, limit)
        select Pad(frame, limit + delta);

    private static byte[] Pad(byte[] frame, int total)
    {
        var text = Encoding.UTF8.GetString(frame);
        var quote = text.IndexOf("\":\"", StringComparison.Ordinal);
        var at = quote < 0 ? text.Length : quote + 3;
        var padding = Math.Max(0, total - frame.Length);
        return Encoding.UTF8.GetBytes(text[..at] + new string('x', padding) + text[at..]);
    }

    /// <summary>Bytes [from, to) of a frame, clamped to it.</summary>
    private static byte[] Slice(byte[] frame, int from, int to)
    {
        from = Math.Clamp(from, 0, frame.Length);
        to = Math.Clamp(to, from, frame.Length);
        return frame.AsSpan(from, to - from).ToArray();
    }

    private static byte[] Delete(byte[] frame, int at, int length)
    {
        if (frame.Length == 0) return frame;
        var from = at % frame.Length;
        return [.. Slice(frame, 0, from), .. Slice(frame, from + length, frame.Length)];
    }

    private static byte[] Repeat(byte[] frame, int at, int length, int times)
    {
        if (frame.Length == 0) return frame;
        var from = at % frame.Length;
        var piece = Slice(frame, from, from + length);
        var copies = Enumerable.Repeat(piece, times).SelectMany(p => p).ToArray();
        return [.. Slice(frame, 0, from), .. copies, .. Slice(frame, from, frame.Length)];
    }

    private static byte[] Set(byte[] frame, int at, byte value)
    {
        if (frame.Length == 0) return [value];
        var copy = (byte[])frame.Clone();
        copy[at % copy.Length] = value;
        return copy;
    }

    private static byte[] Insert(byte[] frame, int at, byte[] bytes)
    {
        var i = at % (frame.Length + 1);
        return [.. Slice(frame, 0, i), .. bytes, .. Slice(frame, i, frame.Length)];
    }
}

using System.Text;
using FsCheck;
using FsCheck.Fluent;

namespace Nano.Gateway.Tests.Fuzz;

/// <summary>
/// JSON text of random shapes, written by hand so it can hold what a tree cannot: duplicate keys, escaped lone
/// surrogates, raw NUL and control bytes, huge and overflowing numbers, nesting near and past max-json-depth.
/// </summary>
public static class JsonTextGen
{
    /// <summary>Pieces of string content: plain, escaped, multi-byte, surrogate pairs, lone surrogates, NUL.</summary>
    private static readonly string[] StringPieces =
    [
        "a", "zero", "hello world", "tools/call", "\\n", "\\r\\n", "\\t", "\\\"", "\\\\", "\\/", "\\u0000", "\\u001f", "\\u00e9",
        "é", "中文", "😀", "\\ud83d\\ude00", "\\ud800", "\\udfff", "\\ud800x", "\uFEFF", "\u2028", "\u0085", "%00", "../../etc/passwd",
        "nano://models/zero", "' OR 1=1 --", "<script>", "\u200B",
    ];

    /// <summary>Pieces that make the text invalid JSON: raw NUL and control characters inside a string, bad escapes.</summary>
    private static readonly string[] BrokenPieces = ["\0", "\u0001", "\n", "\\x41", "\\u12", "\\", "\\ud800\\"];

    private static readonly string[] Numbers =
    [
        "0", "-0", "1", "-1", "7", "42", "2147483647", "2147483648", "-2147483649", "9007199254740993", "9223372036854775807",
        "9223372036854775808", "-9223372036854775808", "-9223372036854775809", "123456789012345678901234567890", "1.0", "1.5", "-2.25",
        "1e3", "1E+2", "1e-7", "1e308", "1.7976931348623157e308", "5e-324", "1e-400", "0.1", "3.0e0",
    ];

    /// <summary>Numbers past double's range: JSON by the grammar, refused by nano as a whole frame (-32700).</summary>
    public static readonly string[] Overflowing = ["1e309", "-1e309", "1e400", "2e999999", new string('9', 400)];

    public static Gen<string> Number { get; } = Gen.Frequency(
        (6, Gen.Elements(Numbers)),
        (3, Gen.Choose(-1000, 100_000).Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture))),
        (1, Gen.Choose(20, 300).Select(digits => new string('9', digits))));

    /// <summary>A JSON string literal (quotes included) of 0..n pieces.</summary>
    public static Gen<string> String { get; } = Gen.Sized(size =>
        Gen.Choose(0, Math.Max(1, size / 8)).SelectMany(count => Gen.Elements(StringPieces).ListOf(count))
            .Select(pieces => "\"" + string.Concat(pieces) + "\""));

    /// <summary>A string literal that is not valid JSON (raw control characters, bad escapes).</summary>
    public static Gen<string> BrokenString { get; } =
        from before in Gen.Elements(StringPieces)
        from broken in Gen.Elements(BrokenPieces)
        select "\"" + before + broken + "\"";

    public static Gen<string> Scalar { get; } = Gen.Frequency(
        (3, String), (3, Number), (1, Gen.Elements("true", "false", "null")));

    /// <summary>Any JSON value, at most <paramref name="depth"/> levels deep; objects may repeat keys.</summary>
    public static Gen<string> Value(int depth) => Values[Math.Clamp(depth, 0, Values.Length - 1)];

    // Built once: a generator graph is costly to build and cheap to run.
    private static readonly Gen<string>[] Values = BuildValues(3);

    private static Gen<string>[] BuildValues(int levels)
    {
        var values = new Gen<string>[levels + 1];
        values[0] = Scalar;
        for (var d = 1; d <= levels; d++)
        {
            var inner = values[d - 1];
            var arrays = Enumerable.Range(0, 6).Select(n => ArrayOf(inner, n)).ToArray();
            var objects = Enumerable.Range(0, 6).Select(n => ObjectOf(inner, n)).ToArray();
            values[d] = Gen.Frequency((5, Scalar), (2, Gen.Sized(s => arrays[Math.Min(5, s / 10)])), (2, Gen.Sized(s => objects[Math.Min(5, s / 10)])));
        }
        return values;
    }

    public static Gen<string> ArrayOf(Gen<string> item, int max) =>
        Gen.Choose(0, Math.Max(0, max)).SelectMany(n => item.ListOf(n)).Select(items => "[" + string.Join(",", items) + "]");

    /// <summary>An object with random keys (sometimes one repeated) and values.</summary>
    public static Gen<string> ObjectOf(Gen<string> value, int max) =>
        from n in Gen.Choose(0, Math.Max(0, max))
        from keys in Gen.Frequency((4, String), (1, Gen.Elements("\"id\"", "\"method\"", "\"jsonrpc\"", "\"_meta\"", "\"model\"", "\"\"")))
            .ListOf(n)
        from values in value.ListOf(n)
        from duplicate in Gen.Choose(0, 9)
        select Object(keys.Zip(values).Select(kv => (kv.First, kv.Second))
            .Concat(duplicate == 0 && n > 0 ? [(keys[0], values[^1])] : []));

    /// <summary>Nesting of depth <paramref name="depth"/> (arrays, objects or both) around a scalar.</summary>
    public static Gen<string> Deep(int depth) => Gen.Elements(0, 1, 2).Select(kind =>
    {
        var sb = new StringBuilder(depth * 6);
        for (var i = 0; i < depth; i++) sb.Append(kind == 0 || (kind == 2 && i % 2 == 0) ? "[" : "{\"d\":");
        sb.Append('1');
        for (var i = depth - 1; i >= 0; i--) sb.Append(kind == 0 || (kind == 2 && i % 2 == 0) ? "]" : "}");
        return sb.ToString();
    });

    /// <summary>Object text from members already written as JSON (key literal, value text).</summary>
    public static string Object(IEnumerable<(string Key, string Value)> members) =>
        "{" + string.Join(",", members.Select(m => m.Key + ":" + m.Value)) + "}";

    public static string Quote(string text) => Newtonsoft.Json.JsonConvert.ToString(text);
}

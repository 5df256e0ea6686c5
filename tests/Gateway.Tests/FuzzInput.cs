using System.Text;

namespace Nano.Gateway.Tests;

/// <summary>
/// Frames for fuzz specs: random bytes, mutated valid frames, bad UTF-8, huge lengths, deep nesting, wrong types.
/// Seeded, so a failure reproduces; NANO_FUZZ_FRAMES raises the count (default 2 000 per run).
/// </summary>
public static class FuzzInput
{
    public static int FrameCount => int.TryParse(Environment.GetEnvironmentVariable("NANO_FUZZ_FRAMES"), out var n) && n > 0 ? n : 2000;

    public static readonly string[] ValidFrames =
    [
        """{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{}}}}""",
        """{"jsonrpc":"2.0","id":"a-1","method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"fuzz","version":"1"}}}""",
        """{"jsonrpc":"2.0","method":"notifications/initialized"}""",
        """{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"generate","arguments":{"model":"m","prompt":"hi","max_tokens":3},"_meta":{"progressToken":5}}}""",
        """{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":7,"reason":"x"}}""",
        """[{"jsonrpc":"2.0","id":1,"method":"ping"},{"jsonrpc":"2.0","method":"notifications/initialized"}]""",
        """{"jsonrpc":"2.0","id":9,"result":{}}""",
    ];

    /// <summary>Wrong types and shapes that are JSON but not messages (each deserves -32600 or -32602).</summary>
    public static readonly string[] WrongTypes =
    [
        "1", "\"text\"", "null", "true", "{}", "[]", "[1,2]",
        """{"jsonrpc":"1.0","id":1,"method":"ping"}""",
        """{"jsonrpc":2,"id":1,"method":"ping"}""",
        """{"id":1,"method":"ping"}""",
        """{"jsonrpc":"2.0","id":1,"method":5}""",
        """{"jsonrpc":"2.0","id":null,"method":"ping"}""",
        """{"jsonrpc":"2.0","id":{"a":1},"method":"ping"}""",
        """{"jsonrpc":"2.0","id":1.5,"method":"ping"}""",
        """{"jsonrpc":"2.0","id":[1],"method":"ping"}""",
        """{"jsonrpc":"2.0","id":1,"method":"ping","params":"x"}""",
        """{"jsonrpc":"2.0","id":1,"method":"ping","params":3}""",
        """{"jsonrpc":"2.0","id":1,"result":1,"error":{"code":1,"message":"m"}}""",
        """{"jsonrpc":"2.0","id":1,"error":"boom"}""",
        """{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":7}}""",
        """{"jsonrpc":"2.0","id":1,"method":"tools/call","params":[1,2,3]}""",
        """{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"generate","arguments":"nope"}}""",
        """{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"generate","arguments":{"model":1,"prompt":[]}}}""",
        """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":7}}""",
        """{"jsonrpc":"2.0","id":99999999999999999999999,"method":"ping"}""",
    ];

    /// <summary>Not JSON, or JSON Newtonsoft would tolerate but RFC 8259 does not (each deserves -32700).</summary>
    public static readonly string[] NotJson =
    [
        "{", "}", "{\"jsonrpc\":", "{'jsonrpc':'2.0'}", "{jsonrpc:\"2.0\"}", "/* c */ {}", "{} // c", "{}{}", "NaN",
        "{\"a\":NaN}", "{\"a\":Infinity}", "{\"a\":undefined}", "new Date(1)", "{\"a\":1,}", "[1,]", "\u0001", "{\"a\":\"\u0000\"}",
        "{\"a\":1e999999}", "tru", "nul", "\"unterminated",
    ];

    public static IEnumerable<byte[]> BadUtf8()
    {
        yield return [0xFF];
        yield return [0xC0, 0x80];
        yield return [0xED, 0xA0, 0x80]; // encoded surrogate
        yield return [0xF8, 0x88, 0x80, 0x80, 0x80];
        yield return Concat("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"p"u8.ToArray(), [0xE2, 0x82], "\"}"u8.ToArray());
        yield return Concat("{\"jsonrpc\":\"2.0\",\"method\":\""u8.ToArray(), [0x80, 0x81], "\"}"u8.ToArray());
    }

    public static byte[] Deep(int depth, char open = '[', char close = ']') =>
        Encoding.ASCII.GetBytes(new string(open, depth) + new string(close, depth));

    public static byte[] DeepObjects(int depth)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < depth; i++) sb.Append("{\"a\":");
        sb.Append('1').Append('}', depth);
        return Encoding.ASCII.GetBytes(sb.ToString());
    }

    /// <summary>Random bytes, mutations of valid frames and the fixed corpora, <paramref name="count"/> in all.</summary>
    public static IEnumerable<byte[]> Frames(int seed, int count)
    {
        var random = new Random(seed);
        var fixedFrames = WrongTypes.Concat(NotJson).Select(Encoding.UTF8.GetBytes).Concat(BadUtf8()).ToArray();
        for (var i = 0; i < count; i++)
        {
            yield return (i % 4) switch
            {
                0 => RandomBytes(random),
                1 or 2 => Mutate(random, Encoding.UTF8.GetBytes(ValidFrames[random.Next(ValidFrames.Length)])),
                _ => fixedFrames[random.Next(fixedFrames.Length)],
            };
        }
    }

    public static byte[] RandomBytes(Random random)
    {
        var bytes = new byte[random.Next(1, 200)];
        random.NextBytes(bytes);
        return bytes;
    }

    /// <summary>Flips, inserts, deletes or duplicates a few bytes, or truncates the frame.</summary>
    public static byte[] Mutate(Random random, byte[] frame)
    {
        var bytes = new List<byte>(frame);
        var edits = random.Next(1, 4);
        for (var e = 0; e < edits && bytes.Count > 0; e++)
        {
            var at = random.Next(bytes.Count);
            switch (random.Next(6))
            {
                case 0: bytes[at] = (byte)random.Next(256); break;
                case 1: bytes.Insert(at, (byte)Alphabet[random.Next(Alphabet.Length)]); break;
                case 2: bytes.RemoveAt(at); break;
                case 3: bytes.InsertRange(at, bytes.Skip(at).Take(random.Next(1, 10)).ToArray()); break;
                case 4: bytes.RemoveRange(at, bytes.Count - at); break;
                default: bytes[at] = (byte)"\"{}[],:"[random.Next(7)]; break;
            }
        }
        return bytes.ToArray();
    }

    private const string Alphabet = "{}[]\":,\\0123456789-etrufalsn ";

    private static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();
}

using System.Buffers;
using System.Buffers.Text;
using System.Text;
using System.Text.Json;

namespace Nano.LoadGen.Internal;

/// <summary>
/// The bytes a run sends. The generate call is built once around its id: the arguments are serialised (and
/// escaped) at start, and each request only formats its id (twice when streaming: it is the progress token too).
/// </summary>
internal sealed class Frames
{
    public const string ProtocolVersion = "2025-11-25";

    private static readonly byte[] Head = """{"jsonrpc":"2.0","id":"""u8.ToArray();
    private static readonly byte[] ProgressMeta = ""","_meta":{"progressToken":"""u8.ToArray();
    private static readonly byte[] CancelHead = """{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":"""u8.ToArray();
    private static readonly byte[] CancelTail = ""","reason":"timeout"}}"""u8.ToArray();

    private readonly byte[] _call;
    private readonly bool _stream;

    public Frames(LoadOptions options)
    {
        _stream = options.Stream;
        // The whole call without its id, then cut open: ",method..,params:{..,arguments:{..}" so that the id goes
        // first and the progress token (when streaming) and the two closing braces follow per request.
        var call = Json(w =>
        {
            w.WriteString("method", "tools/call");
            w.WriteStartObject("params");
            w.WriteString("name", "generate");
            w.WriteStartObject("arguments");
            w.WriteString("model", options.Model);
            w.WriteString("prompt", options.EffectivePrompt);
            w.WriteNumber("max_tokens", options.MaxTokens);
            w.WriteEndObject();
            w.WriteEndObject();
        });
        _call = [(byte)',', .. call.AsSpan(1, call.Length - 3)];
        OpenAiBody = Json(w =>
        {
            w.WriteString("model", options.Model);
            w.WriteStartArray("messages");
            w.WriteStartObject();
            w.WriteString("role", "user");
            w.WriteString("content", options.EffectivePrompt);
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteNumber("max_tokens", options.MaxTokens);
            w.WriteBoolean("stream", options.Stream);
            if (!options.Stream) return;
            w.WriteStartObject("stream_options");
            w.WriteBoolean("include_usage", true);
            w.WriteEndObject();
        });
    }

    /// <summary>POST /v1/chat/completions body, the same for every request.</summary>
    public byte[] OpenAiBody { get; }

    /// <summary>Upper bound of <see cref="WriteGenerate"/>'s length.</summary>
    public int MaxGenerateLength => Head.Length + _call.Length + ProgressMeta.Length + 2 * 20 + 8;

    /// <summary>tools/call generate with this id (and progressToken = id when streaming); returns the length written.</summary>
    public int WriteGenerate(Span<byte> destination, long id)
    {
        var at = Copy(Head, destination, 0);
        at += Format(id, destination[at..]);
        at += Copy(_call, destination, at);
        if (_stream)
        {
            at += Copy(ProgressMeta, destination, at);
            at += Format(id, destination[at..]);
            destination[at++] = (byte)'}';
        }
        destination[at++] = (byte)'}';
        destination[at++] = (byte)'}';
        return at;
    }

    /// <summary>notifications/cancelled for a request given up on (the spec's way to stop its run on the server).</summary>
    public static byte[] Cancelled(long id)
    {
        var buffer = new ArrayBufferWriter<byte>(CancelHead.Length + CancelTail.Length + 20);
        buffer.Write(CancelHead);
        buffer.Advance(Format(id, buffer.GetSpan(20)));
        buffer.Write(CancelTail);
        return buffer.WrittenSpan.ToArray();
    }

    public static byte[] Initialize(long id) => Json(w =>
    {
        w.WriteString("jsonrpc", "2.0");
        w.WriteNumber("id", id);
        w.WriteString("method", "initialize");
        w.WriteStartObject("params");
        w.WriteString("protocolVersion", ProtocolVersion);
        w.WriteStartObject("capabilities");
        w.WriteEndObject();
        w.WriteStartObject("clientInfo");
        w.WriteString("name", "nano-loadgen");
        w.WriteString("version", "1");
        w.WriteEndObject();
        w.WriteEndObject();
    });

    public static byte[] Initialized { get; } = """{"jsonrpc":"2.0","method":"notifications/initialized"}"""u8.ToArray();

    public static string Text(ReadOnlySpan<byte> frame) => Encoding.UTF8.GetString(frame);

    private static int Copy(byte[] source, Span<byte> destination, int at)
    {
        source.CopyTo(destination[at..]);
        return source.Length;
    }

    private static int Format(long value, Span<byte> destination) =>
        Utf8Formatter.TryFormat(value, destination, out var written) ? written : throw new ArgumentException("no room for an id", nameof(destination));

    /// <summary>A JSON object whose members <paramref name="body"/> writes.</summary>
    private static byte[] Json(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }
}

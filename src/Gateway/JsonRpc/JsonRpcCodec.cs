using System.Buffers;
using System.Text;
using System.Text.Unicode;
using Nano.Gateway.JsonRpc.Internal;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Nano.Gateway.JsonRpc;

/// <summary>
/// The one place where bytes become JSON-RPC messages and back. Parsing never throws: anything that is not a
/// valid message becomes a <see cref="JsonRpcInvalid"/> carrying the spec's error (-32700 with a null id for
/// text that is not JSON, -32600 for JSON that is not a message, with its id when readable). Writing goes through
/// a JsonTextWriter straight into a buffer writer, never through an intermediate string. Thread-safe.
/// </summary>
public sealed class JsonRpcCodec(JsonRpcLimits limits)
{
    public const string Version = "2.0";
    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    public JsonRpcCodec() : this(JsonRpcLimits.Default) { }

    public JsonRpcLimits Limits { get; } = limits;

    public JsonRpcParseResult Parse(in ReadOnlySequence<byte> utf8)
    {
        if (utf8.IsSingleSegment) return Parse(utf8.FirstSpan);
        if (utf8.Length > Limits.MaxMessageBytes) return TooLarge(utf8.Length);
        var rented = ArrayPool<byte>.Shared.Rent((int)utf8.Length);
        try
        {
            utf8.CopyTo(rented);
            return Parse(rented.AsSpan(0, (int)utf8.Length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    public JsonRpcParseResult Parse(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > Limits.MaxMessageBytes) return TooLarge(utf8.Length);
        if (utf8.StartsWith("\uFEFF"u8)) utf8 = utf8[3..];
        if (!Utf8.IsValid(utf8)) return Invalid(null, JsonRpcErrorCodes.ParseError, "Parse error: the message is not valid UTF-8");
        if (StrictJson.Check(utf8, Limits.MaxDepth) is { } notJson) return Invalid(null, JsonRpcErrorCodes.ParseError, $"Parse error: {notJson}");
        string? error = null;
        if ((Utf8JsonTreeLoader.TryLoad(utf8, Limits.MaxDepth) ?? LoadWithNewtonsoft(utf8, Limits.MaxDepth, out error)) is not { } root)
            return Invalid(null, JsonRpcErrorCodes.ParseError, error!);
        return root is JArray batch ? Batch(batch) : JsonRpcClassifier.Classify(root);
    }

    /// <summary>
    /// The tree as Newtonsoft reads the frame after the strict check (the check is cheap and repeated here so tests can
    /// compare both loaders on any input): for the frames the one-pass loader leaves to it (integers beyond long,
    /// doubles that overflow, escaped lone surrogates). Null, with the error text, when the frame is not JSON.
    /// </summary>
    internal static JToken? LoadWithNewtonsoft(ReadOnlySpan<byte> utf8, int maxDepth, out string? parseError)
    {
        parseError = StrictJson.Check(utf8, maxDepth) is { } notJson ? $"Parse error: {notJson}" : null;
        if (parseError is not null) return null;
        var chars = ArrayPool<char>.Shared.Rent(Math.Max(1, utf8.Length));
        try
        {
            var count = Strict.GetChars(utf8, chars);
            using var reader = new JsonTextReader(new CharBufferReader(chars, count))
            {
                DateParseHandling = DateParseHandling.None,
                FloatParseHandling = FloatParseHandling.Double,
                MaxDepth = null,
                SupportMultipleContent = false,
                ArrayPool = JsonCharPool.Instance,
            };
            return new StrictJsonLoader(reader, maxDepth).LoadRoot();
        }
        catch (JsonFrameException e)
        {
            parseError = e.Message;
            return null;
        }
        catch (Exception e) when (e is JsonException or FormatException or OverflowException or InvalidCastException or ArgumentException)
        {
            parseError = $"Parse error: {FirstLine(e.Message)}";
            return null;
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    /// <summary>Writes one message as compact JSON (no newline inside, none appended) to <paramref name="output"/>.</summary>
    public void Write(JsonRpcMessage message, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(message);
        using var text = new Utf8BufferTextWriter(output);
        using (var json = NewWriter(text))
        {
            JsonRpcWriter.WriteMessage(json, message);
            json.Flush();
        }
        text.Flush();
    }

    public byte[] Serialize(JsonRpcMessage message)
    {
        using var buffer = new PooledBufferWriter();
        Write(message, buffer);
        return buffer.ToArray();
    }

    /// <summary>A batch answer: the already serialized responses as one JSON array.</summary>
    public static byte[] SerializeBatch(IReadOnlyList<byte[]> responses)
    {
        var length = 2 + responses.Sum(r => r.Length) + Math.Max(0, responses.Count - 1);
        var result = new byte[length];
        var at = 0;
        result[at++] = (byte)'[';
        for (var i = 0; i < responses.Count; i++)
        {
            if (i > 0) result[at++] = (byte)',';
            responses[i].CopyTo(result, at);
            at += responses[i].Length;
        }
        result[at] = (byte)']';
        return result;
    }

    /// <summary>A JsonTextWriter set up the way every frame is written: compact, control characters escaped, no NaN.</summary>
    internal static JsonTextWriter NewWriter(TextWriter text) => new(text)
    {
        Formatting = Formatting.None,
        CloseOutput = false,
        FloatFormatHandling = FloatFormatHandling.DefaultValue,
        StringEscapeHandling = StringEscapeHandling.Default,
        ArrayPool = JsonCharPool.Instance,
    };

    public static JsonRpcErrorResponse Error(RequestId? id, int code, string message, JToken? data = null) =>
        new(id, new JsonRpcError(code, message, data));

    private JsonRpcParseResult TooLarge(long bytes) => Invalid(null, JsonRpcErrorCodes.MessageTooLarge,
        $"Message too large: {bytes} bytes exceed the limit of {Limits.MaxMessageBytes}",
        new JObject { ["max_bytes"] = Limits.MaxMessageBytes, ["bytes"] = bytes });

    private JsonRpcParseResult Batch(JArray batch) => batch.Count switch
    {
        0 => Invalid(null, JsonRpcErrorCodes.InvalidRequest, "Invalid Request: empty batch"),
        var n when n > Limits.MaxBatchSize => Invalid(null, JsonRpcErrorCodes.InvalidRequest,
            $"Invalid Request: a batch of {n} messages exceeds nano.gateway.input.max-batch-size ({Limits.MaxBatchSize})",
            new JObject { ["limit"] = "nano.gateway.input.max-batch-size", ["max"] = Limits.MaxBatchSize, ["actual"] = n }),
        _ => new JsonRpcBatch(batch.Select(JsonRpcClassifier.Classify).ToArray()),
    };

    internal static JsonRpcInvalid Invalid(RequestId? id, int code, string message, JToken? data = null) =>
        new(Error(id, code, message, data));

    private static string FirstLine(string message)
    {
        var end = message.IndexOfAny(['\r', '\n']);
        return end < 0 ? message : message[..end];
    }
}

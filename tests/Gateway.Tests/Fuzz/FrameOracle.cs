using System.Buffers;
using Nano.Gateway.JsonRpc;
using Nano.Gateway.Mcp;
using Newtonsoft.Json;

namespace Nano.Gateway.Tests.Fuzz;

/// <summary>
/// Decides what each frame is owed, from the bytes: the line rules of the stdio/TCP framing (split at '\n', one
/// '\r' stripped, blank lines skipped, a line over the limit refused once) and the codec's reading of the message.
/// </summary>
public sealed class FrameOracle(JsonRpcCodec codec)
{
    private readonly int _maxBytes = codec.Limits.MaxMessageBytes;

    /// <summary>The id as the ledger keys it: the JSON text of a string or an integer id, "null" when unreadable.</summary>
    public static string Key(RequestId? id) => id?.ToString() ?? "null";

    /// <summary>What one whole message (a WebSocket message, a datagram, an HTTP body) is owed.</summary>
    public Expected ForMessage(ReadOnlySpan<byte> message) =>
        message.Length > _maxBytes ? new Expected.Answer("null") : Classify(codec.Parse(message));

    /// <summary>What each line of a newline-delimited byte stream is owed, in order.</summary>
    public List<Expected> ForStream(ReadOnlySpan<byte> stream, out int lines)
    {
        var owed = new List<Expected>();
        lines = 0;
        while (!stream.IsEmpty)
        {
            var end = stream.IndexOf((byte)'\n');
            var line = end < 0 ? stream : stream[..end];
            stream = end < 0 ? [] : stream[(end + 1)..];
            lines++;
            if (line.Length > _maxBytes)
            {
                owed.Add(new Expected.Answer("null"));
                continue;
            }
            if (line.EndsWith("\r"u8)) line = line[..^1];
            if (line.IndexOfAnyExcept(" \t\r"u8) < 0) continue;
            owed.Add(Classify(codec.Parse(line)));
        }
        return owed;
    }

    public static Expected Classify(JsonRpcParseResult parsed) => parsed switch
    {
        JsonRpcInvalid invalid => new Expected.Answer(Key(invalid.Reply.Id)),
        JsonRpcParsed { Message: JsonRpcRequest request } => new Expected.Answer(Key(request.Id)),
        JsonRpcParsed { Message: JsonRpcNotification { Method: McpMethods.Cancelled } cancel } =>
            CancelledId(cancel) is { } id ? new Expected.Cancel(id) : new Expected.Silent(),
        JsonRpcParsed => new Expected.Silent(),
        JsonRpcBatch batch => new Expected.Batch(
            batch.Items.Select(Classify).OfType<Expected.Answer>().Select(a => a.IdKey).ToList(),
            batch.Items.Select(Classify).OfType<Expected.Cancel>().Select(c => c.IdKey).ToList()),
        _ => throw new InvalidOperationException($"unknown parse result {parsed}"),
    };

    private static string? CancelledId(JsonRpcNotification cancel) =>
        cancel.ParamsObject?["requestId"] is { } token && token.Type is Newtonsoft.Json.Linq.JTokenType.String or Newtonsoft.Json.Linq.JTokenType.Integer or Newtonsoft.Json.Linq.JTokenType.Float
            ? token.Type == Newtonsoft.Json.Linq.JTokenType.String ? JsonConvert.ToString((string)token!) : IntegralKey(token)
            : null;

    private static string? IntegralKey(Newtonsoft.Json.Linq.JToken token)
    {
        try
        {
            var d = (double)token;
            return Math.Floor(d) == d && Math.Abs(d) < 9.007199254740992e15 ? ((long)d).ToString(System.Globalization.CultureInfo.InvariantCulture)
                : token.Type == Newtonsoft.Json.Linq.JTokenType.Integer ? token.ToString(Formatting.None) : null;
        }
        catch (OverflowException)
        {
            return null;
        }
    }
}

using System.Text.Json;
using Newtonsoft.Json.Linq;

namespace Nano.Gateway.JsonRpc.Internal;

/// <summary>
/// Builds the JToken tree of a frame that passed <see cref="StrictJson.Check"/> in one pass over its UTF-8 bytes
/// (System.Text.Json's reader): no UTF-16 copy, no JsonTextReader and its buffers. The tree is exactly the one the
/// Newtonsoft path (<see cref="StrictJsonLoader"/>) builds: integers as long, numbers with a fraction or an exponent
/// as double, members in order, the last of duplicate names winning. What it cannot mirror exactly (integers beyond
/// long, numbers that overflow double, escaped lone surrogates) it leaves to that path by returning null.
/// </summary>
internal static class Utf8JsonTreeLoader
{
    public static JToken? TryLoad(ReadOnlySpan<byte> utf8, int maxDepth)
    {
        var reader = new Utf8JsonReader(utf8, StrictJson.Options(maxDepth));
        try
        {
            if (!reader.Read()) return null;
            var root = ReadValue(ref reader);
            return root is null || reader.Read() ? null : root;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // Not reached for checked frames, except GetString on an escaped lone surrogate, which Newtonsoft keeps.
            return null;
        }
    }

    /// <summary>The value at the reader's current token, or null when only the Newtonsoft path loads it as before.</summary>
    private static JToken? ReadValue(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                var obj = new JObject();
                while (Next(ref reader) != JsonTokenType.EndObject)
                {
                    var name = reader.GetString()!;
                    Next(ref reader);
                    if (ReadValue(ref reader) is not { } member) return null;
                    obj[name] = member;
                }
                return obj;
            case JsonTokenType.StartArray:
                var array = new JArray();
                while (Next(ref reader) != JsonTokenType.EndArray)
                {
                    if (ReadValue(ref reader) is not { } item) return null;
                    array.Add(item);
                }
                return array;
            case JsonTokenType.String:
                return new JValue(reader.GetString());
            case JsonTokenType.Number:
                return Number(ref reader);
            case JsonTokenType.True:
                return new JValue(true);
            case JsonTokenType.False:
                return new JValue(false);
            case JsonTokenType.Null:
                return JValue.CreateNull();
            default:
                return null;
        }
    }

    /// <summary>Newtonsoft's rule: a fraction or an exponent makes a double, anything else an integer (long when it fits).</summary>
    private static JValue? Number(ref Utf8JsonReader reader)
    {
        if (reader.ValueSpan.IndexOfAny((byte)'.', (byte)'e', (byte)'E') >= 0)
            return reader.TryGetDouble(out var d) && double.IsFinite(d) ? new JValue(d) : null;
        return reader.TryGetInt64(out var n) ? new JValue(n) : null;
    }

    // Inside a value the input never ends early: the reader throws on truncated JSON instead.
    private static JsonTokenType Next(ref Utf8JsonReader reader)
    {
        reader.Read();
        return reader.TokenType;
    }
}

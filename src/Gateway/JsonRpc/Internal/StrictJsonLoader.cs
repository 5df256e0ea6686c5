using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Nano.Gateway.JsonRpc.Internal;

/// <summary>
/// Builds a JToken from a JsonTextReader, refusing what Newtonsoft tolerates but JSON (RFC 8259) does not:
/// comments, single quotes, unquoted names, NaN/Infinity, undefined, constructors. Nesting is capped so a
/// hostile frame cannot exhaust the stack; each container level costs one recursion.
/// </summary>
internal sealed class StrictJsonLoader(JsonTextReader reader, int maxDepth)
{
    public JToken LoadRoot()
    {
        if (!reader.Read()) throw NotJson("the message is empty");
        SkipComment();
        var root = ReadValue(1);
        // With SupportMultipleContent off, trailing non-whitespace makes Read throw; a trailing comment is a token.
        if (reader.Read()) throw NotJson("unexpected content after the JSON value");
        return root;
    }

    private JToken ReadValue(int depth)
    {
        switch (reader.TokenType)
        {
            case JsonToken.StartObject:
                CheckDepth(depth);
                var obj = new JObject();
                while (Next() != JsonToken.EndObject)
                {
                    if (reader.TokenType != JsonToken.PropertyName) throw NotJson("expected a property name");
                    CheckQuoted("property name");
                    var name = (string)reader.Value!;
                    Next();
                    obj[name] = ReadValue(depth + 1);
                }
                return obj;
            case JsonToken.StartArray:
                CheckDepth(depth);
                var array = new JArray();
                while (Next() != JsonToken.EndArray)
                    array.Add(ReadValue(depth + 1));
                return array;
            case JsonToken.String:
                CheckQuoted("string");
                return new JValue((string)reader.Value!);
            case JsonToken.Integer:
                return new JValue(reader.Value);
            case JsonToken.Float:
                return reader.Value is double d && !double.IsFinite(d)
                    ? throw NotJson("NaN and Infinity are not JSON numbers")
                    : new JValue(reader.Value);
            case JsonToken.Boolean:
                return new JValue((bool)reader.Value!);
            case JsonToken.Null:
                return JValue.CreateNull();
            default:
                throw NotJson($"unexpected token {reader.TokenType}");
        }
    }

    private JsonToken Next()
    {
        if (!reader.Read()) throw NotJson("unexpected end of the message");
        SkipComment();
        return reader.TokenType;
    }

    private void SkipComment()
    {
        if (reader.TokenType == JsonToken.Comment) throw NotJson("comments are not JSON");
    }

    private void CheckQuoted(string what)
    {
        if (reader.QuoteChar != '"') throw NotJson($"a {what} must be in double quotes");
    }

    private void CheckDepth(int depth)
    {
        if (depth > maxDepth)
            throw new JsonFrameException(JsonRpcErrorCodes.ParseError, $"Parse error: nesting deeper than {maxDepth} levels");
    }

    private static JsonFrameException NotJson(string why) => new(JsonRpcErrorCodes.ParseError, $"Parse error: {why}");
}

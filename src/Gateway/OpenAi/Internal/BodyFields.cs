using Nano.Gateway.Input;
using Newtonsoft.Json.Linq;

namespace Nano.Gateway.OpenAi.Internal;

/// <summary>A request field of the wrong type or value: answered as 400 naming the field (OpenAI's <c>param</c>).</summary>
internal sealed class BadFieldException(string message, string param, string code = "invalid_value") : Exception(message)
{
    public OpenAiError Error => OpenAiError.BadRequest(Message, param) with { Code = code };

    /// <summary>Throws for an input limit the request went over (OpenAI's code for it: context_length_exceeded, ...).</summary>
    public static void ThrowIf(LimitViolation? violation)
    {
        if (violation is not null) throw new BadFieldException(violation.Message, violation.Param, violation.OpenAiCode);
    }
}

/// <summary>Typed reads of a request body's fields; null and absent are the same (OpenAI's clients send explicit nulls).</summary>
internal static class BodyFields
{
    public static string RequiredString(JObject body, string name) =>
        String(body, name) is { Length: > 0 } value ? value : throw new BadFieldException($"you must provide '{name}'", name);

    public static string? String(JObject body, string name) => body[name] switch
    {
        null or { Type: JTokenType.Null } => null,
        JValue { Type: JTokenType.String } v => (string)v!,
        _ => throw new BadFieldException($"'{name}' must be a string", name),
    };

    public static bool? Boolean(JObject body, string name) => body[name] switch
    {
        null or { Type: JTokenType.Null } => null,
        JValue { Type: JTokenType.Boolean } v => (bool)v,
        _ => throw new BadFieldException($"'{name}' must be a boolean", name),
    };

    public static double? Number(JObject body, string name, double min, double max)
    {
        var token = body[name];
        if (token is null || token.Type == JTokenType.Null) return null;
        if (token.Type is not (JTokenType.Integer or JTokenType.Float)) throw new BadFieldException($"'{name}' must be a number", name);
        var value = (double)token;
        return value >= min && value <= max ? value : throw new BadFieldException($"'{name}' must be between {min} and {max}, not {value}", name);
    }

    public static int? Integer(JObject body, string name, int min, int max)
    {
        var token = body[name];
        if (token is null || token.Type == JTokenType.Null) return null;
        if (token.Type != JTokenType.Integer) throw new BadFieldException($"'{name}' must be an integer", name);
        // Integers past long arrive as BigInteger, which a cast to long would throw on: they are out of range too.
        if (token is not JValue { Value: long value } || value < min || value > max)
            throw new BadFieldException($"'{name}' must be between {min} and {max}, not {token}", name);
        return (int)value;
    }

    /// <summary><c>stop</c>: a string or an array of up to 4 non-empty strings, each within nano.gateway.input's length.</summary>
    public static IReadOnlyList<string> Stop(JObject body, InputGuard guard)
    {
        IReadOnlyList<string> stops = body["stop"] switch
        {
            null or { Type: JTokenType.Null } => [],
            JValue { Type: JTokenType.String } v => (string)v! is { Length: > 0 } s ? [s] : [],
            JArray a when a.Count <= 4 && a.All(t => t.Type == JTokenType.String) => a.Values<string>().Where(s => !string.IsNullOrEmpty(s)).Select(s => s!).ToList(),
            _ => throw new BadFieldException("'stop' must be a string or an array of at most 4 strings", "stop"),
        };
        BadFieldException.ThrowIf(guard.StopSequences(stops));
        return stops;
    }
}

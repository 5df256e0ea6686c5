using Newtonsoft.Json.Linq;

namespace Nano.Gateway.Ollama.Internal;

/// <summary>
/// Reads an Ollama request's fields, collecting every type error so one 400 names them all. Unknown fields are
/// ignored, like Ollama (Go's JSON decoding) does, so clients that send newer fields keep working.
/// </summary>
internal sealed class OllamaFields(JObject body)
{
    private readonly List<string> _errors = [];

    public JObject Body => body;
    public string? Error => _errors.Count == 0 ? null : string.Join("; ", _errors);

    public void Fail(string message) => _errors.Add(message);

    public string? String(string name, JObject? from = null)
    {
        var token = (from ?? body)[name];
        if (token is null || token.Type == JTokenType.Null) return null;
        if (token.Type == JTokenType.String) return (string)token!;
        Fail($"'{name}' must be a string");
        return null;
    }

    public double? Number(string name, JObject? from = null)
    {
        var token = (from ?? body)[name];
        if (token is null || token.Type == JTokenType.Null) return null;
        if (token.Type is JTokenType.Integer or JTokenType.Float && double.IsFinite((double)token)) return (double)token;
        Fail($"'{name}' must be a number");
        return null;
    }

    public long? Integer(string name, JObject? from = null)
    {
        var number = Number(name, from);
        if (number is null) return null;
        if (Math.Floor(number.Value) == number.Value && Math.Abs(number.Value) < 1e15) return (long)number.Value;
        Fail($"'{name}' must be an integer");
        return null;
    }

    public bool? Boolean(string name)
    {
        var token = body[name];
        if (token is null || token.Type == JTokenType.Null) return null;
        if (token.Type == JTokenType.Boolean) return (bool)token;
        Fail($"'{name}' must be true or false");
        return null;
    }

    public JObject? Object(string name)
    {
        var token = body[name];
        if (token is null || token.Type == JTokenType.Null) return null;
        if (token is JObject o) return o;
        Fail($"'{name}' must be an object");
        return null;
    }

    /// <summary>An array of strings (null when absent); a single string is taken as a one-element list when allowed.</summary>
    public IReadOnlyList<string>? Strings(string name, JObject? from = null, bool single = false)
    {
        var token = (from ?? body)[name];
        if (token is null || token.Type == JTokenType.Null) return null;
        if (single && token.Type == JTokenType.String) return [(string)token!];
        if (token is JArray array && array.All(t => t.Type == JTokenType.String)) return array.Select(t => (string)t!).ToList();
        Fail(single ? $"'{name}' must be a string or an array of strings" : $"'{name}' must be an array of strings");
        return null;
    }
}

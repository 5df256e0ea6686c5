using System.Globalization;
using Newtonsoft.Json.Linq;

namespace Nano.Actors.Configuration.Internal;

/// <summary>
/// Typed reads of one JSON object of models.json. A read that fails records an error naming the field's JSON path
/// and returns null, so the caller keeps going and later fields are still checked. JSON null counts as absent.
/// </summary>
internal sealed class ModelsConfigReader(JObject obj, string path, ModelsConfigErrors errors)
{
    public string PathOf(string key) => path.Length == 0 ? key : $"{path}.{key}";
    public ModelsConfigErrors Errors => errors;

    public IEnumerable<(string Key, JToken Value)> Properties() =>
        obj.Properties().Where(p => p.Value.Type != JTokenType.Null).Select(p => (p.Name, p.Value));

    public JToken? Raw(string key) => obj.TryGetValue(key, out var t) && t.Type != JTokenType.Null ? t : null;

    public string? String(string key, bool required = false)
    {
        var t = Raw(key);
        if (t is null) { if (required) errors.Add(PathOf(key), "is required"); return null; }
        if (t.Type == JTokenType.String) return (string)t!;
        return Mismatch<string>(key, "a string", t);
    }

    public bool? Bool(string key)
    {
        var t = Raw(key);
        if (t is null) return null;
        return t.Type == JTokenType.Boolean ? (bool)t : Mismatch<bool?>(key, "a boolean", t);
    }

    /// <summary>An integer in min..max (max null: no upper bound); integral floats such as 2.0 are accepted.</summary>
    public long? Long(string key, long min, long? max = null, string? maxName = null)
    {
        var t = Raw(key);
        if (t is null) return null;
        long value;
        if (t.Type == JTokenType.Integer && t is JValue { Value: long l }) value = l;
        else if (t.Type == JTokenType.Float && (double)t is var d && Math.Floor(d) == d && Math.Abs(d) < 9e15) value = (long)d;
        else if (t.Type == JTokenType.Integer) { errors.Add(PathOf(key), $"{t} is out of range"); return null; }
        else return Mismatch<long?>(key, "an integer", t);
        if (OutOfRange(value, min, max, maxName) is not { } why) return value;
        errors.Add(PathOf(key), why);
        return null;
    }

    /// <summary>Why <paramref name="value"/> is outside min..max (max null: no upper bound), or null when it is inside.</summary>
    public static string? OutOfRange(long value, long min, long? max, string? maxName = null) =>
        value >= min && (max is null || value <= max) ? null
        : max is null ? $"{value} must be at least {min}"
        : $"{value} is out of range {min}..{max}{(maxName is null ? "" : $" ({maxName})")}";

    public int? Int(string key, int min, int max, string? maxName = null) => (int?)Long(key, min, max, maxName);

    /// <summary>A number within a range; the range text is shown as written ("(0..1]").</summary>
    public float? Float(string key, Func<double, bool> inRange, string range)
    {
        var t = Raw(key);
        if (t is null) return null;
        if (t.Type is not (JTokenType.Integer or JTokenType.Float)) return Mismatch<float?>(key, "a number", t);
        var d = (double)t;
        if (!inRange(d)) { errors.Add(PathOf(key), $"{d.ToString(CultureInfo.InvariantCulture)} is out of range {range}"); return null; }
        return (float)d;
    }

    public ModelsConfigReader? Object(string key)
    {
        var t = Raw(key);
        if (t is null) return null;
        return t is JObject o ? new ModelsConfigReader(o, PathOf(key), errors) : Mismatch<ModelsConfigReader>(key, "an object", t);
    }

    public JArray? Array(string key)
    {
        var t = Raw(key);
        if (t is null) return null;
        return t as JArray ?? Mismatch<JArray>(key, "an array", t);
    }

    /// <summary>Reports keys that are not in <paramref name="known"/>, suggesting a near spelling when there is one.</summary>
    public void RejectUnknownKeys(IReadOnlyCollection<string> known, IReadOnlyCollection<string>? elsewhere = null)
    {
        foreach (var property in obj.Properties())
        {
            if (known.Contains(property.Name)) continue;
            var hint = Nearest(property.Name, known) ?? Nearest(property.Name, elsewhere ?? []);
            errors.Add(PathOf(property.Name), hint is null ? "unknown key" : $"unknown key (did you mean '{hint}'?)");
        }
    }

    public static string Describe(JToken t) => t.Type switch
    {
        JTokenType.String => "a string",
        JTokenType.Integer or JTokenType.Float => "a number",
        JTokenType.Boolean => "a boolean",
        JTokenType.Array => "an array",
        JTokenType.Object => "an object",
        _ => t.Type.ToString().ToLowerInvariant(),
    };

    private T? Mismatch<T>(string key, string expected, JToken actual)
    {
        errors.Add(PathOf(key), $"expected {expected}, got {Describe(actual)}");
        return default;
    }

    // Suggests a known key within edit distance 2 of the last path segment (typos like "temprature").
    private static string? Nearest(string key, IEnumerable<string> candidates) =>
        candidates.Select(c => (c, d: Distance(key, c[(c.LastIndexOf('.') + 1)..]))).Where(x => x.d <= 2).OrderBy(x => x.d).Select(x => x.c).FirstOrDefault();

    private static int Distance(string a, string b)
    {
        var row = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var diag = row[0]; row[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var next = Math.Min(Math.Min(row[j] + 1, row[j - 1] + 1), diag + (a[i - 1] == b[j - 1] ? 0 : 1));
                diag = row[j]; row[j] = next;
            }
        }
        return row[b.Length];
    }
}

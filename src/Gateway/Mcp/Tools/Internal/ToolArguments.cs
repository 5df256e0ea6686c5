using System.Globalization;
using Nano.Gateway.Input;
using Newtonsoft.Json.Linq;

namespace Nano.Gateway.Mcp.Tools.Internal;

/// <summary>
/// Reads a tool's arguments against what its schema says, collecting every violation so one -32602 names them all.
/// </summary>
internal sealed class ToolArguments
{
    private readonly ToolDefinition _tool;
    private readonly JObject _args;
    private readonly List<string> _errors = [];

    public ToolArguments(ToolDefinition tool, JObject args)
    {
        _tool = tool;
        _args = args;
        // Plain loops: every tool call comes through here (LINQ with these closures cost a few allocations per call).
        foreach (var property in args.Properties())
            if (!tool.ArgumentNames.Contains(property.Name))
                _errors.Add($"unknown argument '{property.Name}'");
        if (tool.InputSchema["required"] is JArray required)
            foreach (var token in required)
                if (token is JValue { Value: string name } && !args.ContainsKey(name))
                    _errors.Add($"missing required argument '{name}'");
    }

    public bool Has(string name) => _args.ContainsKey(name);

    public JToken? Raw(string name) => _args[name];

    public string? Error => _errors.Count == 0 ? null : $"Invalid arguments for tool {_tool.Name}: {string.Join("; ", _errors)}";

    public void Fail(string message) => _errors.Add(message);

    /// <summary>The first input limit the arguments went over, for the error's data.</summary>
    public LimitViolation? Violation { get; private set; }

    /// <summary>Records a limit violation (nothing when null); true when there was one.</summary>
    public bool Exceeded(LimitViolation? violation)
    {
        if (violation is null) return false;
        Violation ??= violation;
        _errors.Add(violation.Message);
        return true;
    }

    public string? String(string name, JObject? from = null, int maxLength = int.MaxValue)
    {
        var token = (from ?? _args)[name];
        if (token is null || token.Type == JTokenType.Null && !IsRequired(name)) return null;
        if (token.Type != JTokenType.String) return Wrong(name, "a string");
        var value = (string)token!;
        if (value.Length > maxLength) return Wrong(name, $"at most {maxLength} characters");
        return value;
    }

    public string RequiredString(string name) => String(name) ?? "";

    public long? Integer(string name, long min, long max, JObject? from = null)
    {
        var token = (from ?? _args)[name];
        if (token is null) return null;
        double value;
        switch (token.Type)
        {
            case JTokenType.Integer when token is JValue { Value: long l }:
                value = l;
                break;
            case JTokenType.Float when Math.Floor((double)token) == (double)token:
                value = (double)token;
                break;
            default:
                Wrong(name, "an integer");
                return null;
        }
        if (value < min || value > max)
        {
            Wrong(name, $"an integer from {min} to {max}");
            return null;
        }
        return (long)value;
    }

    public double? Number(string name, double min, double max, JObject? from = null)
    {
        var token = (from ?? _args)[name];
        if (token is null) return null;
        if (token.Type is not (JTokenType.Integer or JTokenType.Float))
        {
            Wrong(name, "a number");
            return null;
        }
        var value = Convert.ToDouble(((JValue)token).Value, CultureInfo.InvariantCulture);
        if (!double.IsFinite(value) || value < min || value > max)
        {
            Wrong(name, $"a number from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}");
            return null;
        }
        return value;
    }

    public bool? Boolean(string name)
    {
        var token = _args[name];
        if (token is null) return null;
        if (token.Type == JTokenType.Boolean) return (bool)token;
        Wrong(name, "true or false");
        return null;
    }

    public JObject? Object(string name)
    {
        var token = _args[name];
        if (token is null) return null;
        if (token is JObject obj) return obj;
        Wrong(name, "an object");
        return null;
    }

    public JArray? Array(string name)
    {
        var token = _args[name];
        if (token is null) return null;
        if (token is JArray array) return array;
        Wrong(name, "an array");
        return null;
    }

    public string? OneOf(string name, params string[] values)
    {
        var value = String(name);
        if (value is null || values.Contains(value)) return value;
        Wrong(name, $"one of {string.Join(", ", values)}");
        return null;
    }

    private bool IsRequired(string name) => _tool.InputSchema["required"] is JArray r && r.Values<string>().Contains(name);

    private string? Wrong(string name, string expected)
    {
        _errors.Add($"'{name}' must be {expected}");
        return null;
    }
}

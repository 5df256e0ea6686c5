using System.Globalization;

namespace Nano.Gateway.JsonRpc;

/// <summary>
/// A JSON-RPC request id: a string or an integer, kept as sent so it round-trips exactly (7 stays 7, "7" stays "7").
/// MCP forbids null ids and, like the official SDKs, nano accepts only integral numbers.
/// </summary>
public readonly struct RequestId : IEquatable<RequestId>
{
    private readonly string? _string;
    private readonly long _number;

    public RequestId(long number)
    {
        _number = number;
        _string = null;
    }

    public RequestId(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        _string = value;
        _number = 0;
    }

    public bool IsString => _string is not null;
    public bool IsNumber => _string is null;

    /// <summary>The string id; throws for a numeric id.</summary>
    public string AsString => _string ?? throw new InvalidOperationException("the request id is a number");
    public long AsNumber => _string is null ? _number : throw new InvalidOperationException("the request id is a string");

    public static implicit operator RequestId(long number) => new(number);
    public static implicit operator RequestId(string value) => new(value);

    public bool Equals(RequestId other) => _string is null
        ? other._string is null && _number == other._number
        : string.Equals(_string, other._string, StringComparison.Ordinal);

    public override bool Equals(object? obj) => obj is RequestId other && Equals(other);
    public override int GetHashCode() => _string is null ? _number.GetHashCode() : StringComparer.Ordinal.GetHashCode(_string);
    public static bool operator ==(RequestId left, RequestId right) => left.Equals(right);
    public static bool operator !=(RequestId left, RequestId right) => !left.Equals(right);

    /// <summary>The id as JSON: <c>7</c> or <c>"7"</c> (for logs; the codec writes ids itself).</summary>
    public override string ToString() => _string is null
        ? _number.ToString(CultureInfo.InvariantCulture)
        : Newtonsoft.Json.JsonConvert.ToString(_string);
}

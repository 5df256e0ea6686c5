using System.Buffers;
using System.Text;

namespace Nano.Gateway.Transports.Http.Internal;

/// <summary>
/// Header values of the 2026-07-28 request metadata (<c>Mcp-Name</c>, <c>Mcp-Param-*</c>): plain visible ASCII, or
/// the Base64 sentinel <c>=?base64?…?=</c> for anything else; servers decode before comparing with the body.
/// </summary>
internal static class McpHeaderValue
{
    private const string Prefix = "=?base64?";
    private const string Suffix = "?=";

    // RFC 9110 field-value characters: tab, space and visible ASCII.
    private static readonly SearchValues<char> Valid =
        SearchValues.Create("\t !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~");

    /// <summary>The decoded value, or null when it has invalid characters or a broken Base64 sentinel.</summary>
    public static string? Decode(string raw)
    {
        var value = raw.Trim();
        if (value.AsSpan().IndexOfAnyExcept(Valid) >= 0) return null;
        if (!value.StartsWith(Prefix, StringComparison.Ordinal) || !value.EndsWith(Suffix, StringComparison.Ordinal)
            || value.Length < Prefix.Length + Suffix.Length)
            return value;
        var encoded = value.AsSpan(Prefix.Length, value.Length - Prefix.Length - Suffix.Length);
        var bytes = new byte[(encoded.Length * 3 + 3) / 4];
        if (!Convert.TryFromBase64Chars(encoded, bytes, out var written)) return null;
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes, 0, written);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }
}

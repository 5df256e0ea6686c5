using System.Security.Cryptography;
using System.Text;

namespace Nano.Gateway.Security;

/// <summary>How keys are stored: SHA-256 of the UTF-8 secret, written as 64 hex digits, optionally prefixed "sha256:".</summary>
public static class ApiKeyHash
{
    public const string Prefix = "sha256:";

    public static byte[] Of(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));

    /// <summary>The form to paste into nano.gateway.auth.keys: "sha256:" and 64 lowercase hex digits.</summary>
    public static string Text(string secret) => Prefix + Convert.ToHexStringLower(Of(secret));

    /// <exception cref="FormatException">not 64 hex digits (with or without the prefix).</exception>
    public static byte[] Parse(string text)
    {
        var hex = text.Trim();
        if (hex.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase)) hex = hex[Prefix.Length..];
        if (hex.Length != 64 || !hex.All(Uri.IsHexDigit))
            throw new FormatException("expected a SHA-256 hash: 64 hex digits, optionally prefixed 'sha256:' (nano hash-key prints one)");
        return Convert.FromHexString(hex);
    }

    /// <summary>A fresh random key: 32 bytes, base64url (43 characters), prefixed so it is recognisable in a leak scan.</summary>
    public static string NewSecret() => "nano_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

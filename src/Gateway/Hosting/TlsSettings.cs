using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Nano.Gateway.Hosting;

/// <summary>
/// <c>nano.gateway.tls</c>: the server certificate for tcp, http and ws. A PEM certificate with its PEM key (the key may
/// sit in the certificate file; <paramref name="Password"/> decrypts an encrypted key), or a PKCS#12 file (.pfx/.p12)
/// with its password. No certificate: TLS is off and every transport speaks plain text, as before.
/// </summary>
public sealed record TlsSettings(string Certificate, string Key = "", string Password = "")
{
    public static TlsSettings None { get; } = new("");

    public bool Enabled => Certificate.Length > 0;

    private bool IsPkcs12 => Certificate.EndsWith(".pfx", StringComparison.OrdinalIgnoreCase) || Certificate.EndsWith(".p12", StringComparison.OrdinalIgnoreCase);

    /// <exception cref="ArgumentOutOfRangeException">a configured file does not exist (named in the message).</exception>
    public void Validate()
    {
        if (!Enabled)
        {
            if (Key.Length > 0) throw new ArgumentOutOfRangeException("nano.gateway.tls.key", "nano.gateway.tls.key is set but nano.gateway.tls.certificate is not");
            return;
        }
        if (!File.Exists(Certificate))
            throw new ArgumentOutOfRangeException("nano.gateway.tls.certificate", $"nano.gateway.tls.certificate: file '{Certificate}' does not exist");
        if (Key.Length > 0 && !File.Exists(Key))
            throw new ArgumentOutOfRangeException("nano.gateway.tls.key", $"nano.gateway.tls.key: file '{Key}' does not exist");
    }

    /// <summary>Loads the certificate with its private key, once per start.</summary>
    /// <exception cref="InvalidOperationException">the files hold no usable certificate and key (named in the message).</exception>
    public X509Certificate2 Load()
    {
        try
        {
            var certificate = IsPkcs12
                ? X509CertificateLoader.LoadPkcs12FromFile(Certificate, Password.Length > 0 ? Password : null)
                : Password.Length > 0
                    ? X509Certificate2.CreateFromEncryptedPemFile(Certificate, Password, Key.Length > 0 ? Key : null)
                    : X509Certificate2.CreateFromPemFile(Certificate, Key.Length > 0 ? Key : null);
            if (!certificate.HasPrivateKey)
            {
                certificate.Dispose();
                throw new InvalidOperationException($"nano.gateway.tls: '{Certificate}' has no private key (set nano.gateway.tls.key)");
            }
            return certificate;
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new InvalidOperationException($"nano.gateway.tls: cannot load the certificate '{Certificate}': {e.Message}", e);
        }
    }
}

using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Nano.Gateway.Hosting;

namespace Nano.Gateway.Tests.Tls;

/// <summary>
/// A throw-away self-signed server certificate for localhost / 127.0.0.1, written as PEM (certificate and key in two
/// files) to a temp folder, with what a client needs to trust exactly this certificate and nothing else.
/// </summary>
public sealed class SelfSignedCertificate : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("nano-tls-");

    public SelfSignedCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        CertificatePath = Path.Combine(_folder.FullName, "server.crt");
        KeyPath = Path.Combine(_folder.FullName, "server.key");
        File.WriteAllText(CertificatePath, certificate.ExportCertificatePem());
        File.WriteAllText(KeyPath, key.ExportPkcs8PrivateKeyPem());
        Public = X509CertificateLoader.LoadCertificate(certificate.RawData);
    }

    public string CertificatePath { get; }
    public string KeyPath { get; }
    /// <summary>The certificate without its key: what clients pin.</summary>
    public X509Certificate2 Public { get; }

    public TlsSettings Settings => new(CertificatePath, KeyPath);

    /// <summary>Accepts the server's certificate only when it is this one (a self-signed certificate has no chain to check).</summary>
    public bool Validate(X509Certificate? presented) => presented is not null && presented.GetCertHashString() == Public.GetCertHashString();

    public RemoteCertificateValidationCallback Callback => (_, presented, _, _) => Validate(presented);

    public HttpClient HttpClient() => new(new SocketsHttpHandler
    {
        SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = Callback },
    }) { Timeout = TimeSpan.FromSeconds(30) };

    public void Dispose()
    {
        Public.Dispose();
        _folder.Delete(recursive: true);
    }
}

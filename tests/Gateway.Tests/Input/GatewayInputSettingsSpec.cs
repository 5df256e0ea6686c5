using System.Security.Cryptography.X509Certificates;
using Akka.Configuration;
using Nano.Gateway.Hosting;
using Nano.Gateway.Tests.Tls;

namespace Nano.Gateway.Tests.Input;

/// <summary>nano.gateway.input, http header limits and tls as HOCON gives them (defaults embedded, overrides on top).</summary>
public sealed class GatewayInputSettingsSpec
{
    [Fact]
    public void The_embedded_defaults_match_the_typed_defaults_and_leave_tls_off()
    {
        var settings = GatewaySettings.FromConfig(Config.Empty);
        Assert.Equal(InputLimits.Default, settings.Input);
        Assert.Equal(32 * 1024, settings.HttpMaxHeaderBytes);
        Assert.Equal(100, settings.HttpMaxHeaderCount);
        Assert.False(settings.Tls.Enabled);
        Assert.Equal(settings.Input.MaxBatchSize, settings.Limits.MaxBatchSize);
    }

    [Fact]
    public void Overrides_are_read_and_out_of_range_values_are_refused_by_key()
    {
        var settings = GatewaySettings.FromConfig(ConfigurationFactory.ParseString("""
            nano.gateway.input { max-prompt-bytes = 2048, max-messages = 7, context-bytes-per-token = 4 }
            nano.gateway.http.max-header-bytes = 8192
            """));
        Assert.Equal(2048, settings.Input.MaxPromptBytes);
        Assert.Equal(7, settings.Input.MaxMessages);
        Assert.Equal(4, settings.Input.ContextBytesPerToken);
        Assert.Equal(8192, settings.HttpMaxHeaderBytes);

        var bad = Assert.Throws<ArgumentOutOfRangeException>(() =>
            GatewaySettings.FromConfig(ConfigurationFactory.ParseString("nano.gateway.input.context-bytes-per-token = 0")));
        Assert.StartsWith("nano.gateway.input.context-bytes-per-token must be", bad.Message);
    }

    [Fact]
    public void A_missing_certificate_file_is_refused_naming_the_key()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() =>
            GatewaySettings.FromConfig(ConfigurationFactory.ParseString("""nano.gateway.tls.certificate = "/nonexistent/server.crt" """)));
        Assert.StartsWith("nano.gateway.tls.certificate: file '/nonexistent/server.crt' does not exist", error.Message);
    }

    [Fact]
    public void Pem_and_password_protected_pkcs12_certificates_load_with_their_keys()
    {
        using var generated = new SelfSignedCertificate();
        var pem = GatewaySettings.FromConfig(ConfigurationFactory.ParseString($$"""
            nano.gateway.tls { certificate = "{{generated.CertificatePath}}", key = "{{generated.KeyPath}}" }
            """)).Tls;
        using var fromPem = pem.Load();
        Assert.True(fromPem.HasPrivateKey);
        Assert.Equal(generated.Public.Thumbprint, fromPem.Thumbprint);

        var pfx = Path.Combine(Path.GetDirectoryName(generated.CertificatePath)!, "server.pfx");
        File.WriteAllBytes(pfx, fromPem.Export(X509ContentType.Pkcs12, "s3cret"));
        using var fromPfx = new TlsSettings(pfx, Password: "s3cret").Load();
        Assert.True(fromPfx.HasPrivateKey);
        Assert.Throws<InvalidOperationException>(() => new TlsSettings(pfx, Password: "wrong").Load());
        Assert.Throws<InvalidOperationException>(() => new TlsSettings(generated.CertificatePath).Load()); // no key anywhere
    }
}

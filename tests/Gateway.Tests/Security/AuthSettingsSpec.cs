using Akka.Configuration;
using Nano.Gateway.Hosting;
using Nano.Gateway.Security;

namespace Nano.Gateway.Tests.Security;

/// <summary>Reading nano.gateway.auth: hashes in both forms, secrets from NANO_API_KEYS, refusals that never echo a secret.</summary>
public class AuthSettingsSpec
{
    private static Config Gateway(string auth) => ConfigurationFactory.ParseString($"nano.gateway.auth {{ {auth} }}")
        .WithFallback(NanoGatewayConfig.Default).GetConfig("nano.gateway");

    [Fact]
    public void Keys_are_read_from_hashes_with_or_without_prefix_and_from_the_environment()
    {
        var hex = Convert.ToHexStringLower(ApiKeyHash.Of("alpha"));
        var settings = AuthSettings.FromConfig(Gateway($$"""
            keys = [ { id = "a", hash = "sha256:{{hex}}", models = ["qwen"] },
                     { id = "b", hash = "{{Convert.ToHexString(ApiKeyHash.Of("beta"))}}", admin = true },
                     { id = "c", admin = true } ]
            """), "c:gamma,d:delta");
        var access = new AccessControl(settings, ClientLimiter.Unlimited, AuditLog.None);
        Assert.True(settings.Enabled);
        Assert.Equal(["a", "b", "c", "d"], settings.Keys.Select(k => k.Id));
        Assert.Equal("a", access.Authenticate("alpha", "x")!.Key!.Id);
        Assert.False(access.Authenticate("alpha", "x")!.MaySee("other"));
        Assert.True(access.Authenticate("beta", "x")!.IsAdmin);
        Assert.True(access.Authenticate("gamma", "x")!.IsAdmin);
        var plain = access.Authenticate("delta", "x")!;
        Assert.False(plain.IsAdmin);
        Assert.True(plain.MaySee("anything"));
        Assert.Null(access.Authenticate("alphA", "x"));
        Assert.Null(access.Authenticate("", "x"));
    }

    [Fact]
    public void No_keys_means_auth_off_and_every_caller_trusted()
    {
        var settings = GatewaySettings.FromConfig(ConfigurationFactory.Empty);
        Assert.False(settings.Auth.Enabled);
        Assert.False(settings.ClientLimits.Enabled);
        Assert.False(settings.LogPrompts);
        Assert.Equal(["/health", "/ready"], settings.Auth.PublicPaths);
        Assert.True(new AccessControl(settings.Auth, ClientLimiter.Unlimited, AuditLog.None).Anonymous("x").IsAdmin);
    }

    [Theory]
    [InlineData("keys = [ { id = \"a\", hash = \"sha256:abc\" } ]", "", "64 hex digits")]
    [InlineData("keys = [ { hash = \"sha256:abc\" } ]", "", "'id' is required")]
    [InlineData("keys = [ { id = \"a\" } ]", "", "gives no secret")]
    [InlineData("keys = []", "no-colon-here", "expected id:secret")]
    [InlineData("keys = []", "a:one,a:two", "given twice")]
    public void Malformed_keys_are_refused_without_echoing_a_secret(string auth, string secrets, string reason)
    {
        var error = Assert.Throws<FormatException>(() => AuthSettings.FromConfig(Gateway(auth), secrets));
        Assert.Contains(reason, error.Message);
        Assert.DoesNotContain(":two", error.Message);
        Assert.DoesNotContain("no-colon-here", error.Message);
    }

    [Fact]
    public void The_audit_file_gets_one_json_line_per_event_without_keys()
    {
        var file = Path.Combine(Path.GetTempPath(), $"nano-audit-{Guid.NewGuid():N}.jsonl");
        try
        {
            using (var audit = new AuditLog(null, file))
            {
                var caller = new Caller("10.0.0.7", new ApiKey("ops", ApiKeyHash.Of("s3cret")) { Admin = true });
                audit.AdminOperation("unload_model", "qwen", caller, "tcp", true, "unloaded");
                audit.AuthFailure("http", "10.0.0.8", "invalid API key");
            }
            var lines = File.ReadAllLines(file).Select(JObject.Parse).ToList();
            Assert.Equal(2, lines.Count);
            Assert.Equal("admin", (string?)lines[0]["event"]);
            Assert.Equal("ops", (string?)lines[0]["key_id"]);
            Assert.Equal("10.0.0.7", (string?)lines[0]["address"]);
            Assert.Equal("auth_failure", (string?)lines[1]["event"]);
            Assert.DoesNotContain("s3cret", File.ReadAllText(file));
        }
        finally
        {
            File.Delete(file);
        }
    }
}

using Akka.Configuration;
using Nano.Gateway.JsonRpc;
using Nano.Gateway.Security;

namespace Nano.Gateway.Hosting;

/// <summary>The gateway's limits, read once from HOCON (<c>nano.gateway</c>, hocon/nano.gateway.conf).</summary>
public sealed record GatewaySettings
{
    public int MaxMessageBytes { get; init; } = 4 * 1024 * 1024;
    public int MaxJsonDepth { get; init; } = 64;
    public int MaxInFlight { get; init; } = 32;
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromMinutes(5);
    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromSeconds(60);
    public long TcpPauseReadingAboveBytes { get; init; } = 1024 * 1024;
    public long TcpMaxPendingBytes { get; init; } = 16 * 1024 * 1024;
    public int UdpMaxDatagramBytes { get; init; } = 65000;
    public int UdpRecentIds { get; init; } = 256;
    public TimeSpan UdpRecentIdsTtl { get; init; } = TimeSpan.FromMinutes(2);
    public int UdpMaxPeers { get; init; } = 1024;
    /// <summary>Kestrel's bound on a request's header section (431 beyond) and on its number of headers.</summary>
    public int HttpMaxHeaderBytes { get; init; } = 32 * 1024;
    public int HttpMaxHeaderCount { get; init; } = 100;
    public InputLimits Input { get; init; } = InputLimits.Default;
    /// <summary>TLS for tcp, http and ws (off unless a certificate is configured).</summary>
    public TlsSettings Tls { get; init; } = TlsSettings.None;
    /// <summary>API keys, public paths, failures before a connection closes (nano.gateway.auth).</summary>
    public AuthSettings Auth { get; init; } = AuthSettings.Default;
    /// <summary>Per-client rate limits and concurrency caps (nano.gateway.limits).</summary>
    public LimitSettings ClientLimits { get; init; } = LimitSettings.Default;
    /// <summary>JSON-lines audit file (nano.gateway.audit.file); null: audit events go to the logs only.</summary>
    public string? AuditFile { get; init; }
    /// <summary>nano.gateway.log-prompts: prompts and outputs are logged at debug level; off, they are never logged.</summary>
    public bool LogPrompts { get; init; }

    public static GatewaySettings Default { get; } = new();

    public JsonRpcLimits Limits => new() { MaxMessageBytes = MaxMessageBytes, MaxDepth = MaxJsonDepth, MaxBatchSize = Input.MaxBatchSize };

    /// <summary>Reads <c>nano.gateway</c>, falling back to the embedded defaults for every key not set.</summary>
    /// <param name="apiKeySecrets">NANO_API_KEYS' value, hashed here (see <see cref="AuthSettings.FromConfig"/>).</param>
    /// <exception cref="FormatException">an API key entry or NANO_API_KEYS is malformed.</exception>
    public static GatewaySettings FromConfig(Config config, string? apiKeySecrets = null)
    {
        var gateway = config.WithFallback(NanoGatewayConfig.Default).GetConfig("nano.gateway");
        var settings = new GatewaySettings
        {
            MaxMessageBytes = gateway.GetInt("max-message-bytes"),
            MaxJsonDepth = gateway.GetInt("max-json-depth"),
            MaxInFlight = gateway.GetInt("max-in-flight"),
            IdleTimeout = gateway.GetTimeSpan("idle-timeout"),
            CommandTimeout = gateway.GetTimeSpan("command-timeout"),
            TcpPauseReadingAboveBytes = gateway.GetLong("tcp.pause-reading-above-bytes"),
            TcpMaxPendingBytes = gateway.GetLong("tcp.max-pending-bytes"),
            UdpMaxDatagramBytes = gateway.GetInt("udp.max-datagram-bytes"),
            UdpRecentIds = gateway.GetInt("udp.recent-ids"),
            UdpRecentIdsTtl = gateway.GetTimeSpan("udp.recent-ids-ttl"),
            UdpMaxPeers = gateway.GetInt("udp.max-peers"),
            HttpMaxHeaderBytes = gateway.GetInt("http.max-header-bytes"),
            HttpMaxHeaderCount = gateway.GetInt("http.max-header-count"),
            Input = new InputLimits
            {
                MaxPromptBytes = gateway.GetInt("input.max-prompt-bytes"),
                MaxMessages = gateway.GetInt("input.max-messages"),
                MaxTools = gateway.GetInt("input.max-tools"),
                MaxImages = gateway.GetInt("input.max-images"),
                MaxImageBytes = gateway.GetInt("input.max-image-bytes"),
                MaxStopSequences = gateway.GetInt("input.max-stop-sequences"),
                MaxStopSequenceChars = gateway.GetInt("input.max-stop-sequence-chars"),
                MaxBatchSize = gateway.GetInt("input.max-batch-size"),
                ContextBytesPerToken = gateway.GetInt("input.context-bytes-per-token"),
            },
            Tls = new TlsSettings(gateway.GetString("tls.certificate", ""), gateway.GetString("tls.key", ""), gateway.GetString("tls.password", "")),
            Auth = AuthSettings.FromConfig(gateway, apiKeySecrets),
            ClientLimits = LimitSettings.FromConfig(gateway),
            AuditFile = gateway.GetString("audit.file", "") is { Length: > 0 } file ? file : null,
            LogPrompts = gateway.GetBoolean("log-prompts", false),
        };
        return settings.Validate();
    }

    /// <exception cref="ArgumentOutOfRangeException">a limit is out of its sensible range (named in the message).</exception>
    public GatewaySettings Validate()
    {
        Check(MaxMessageBytes is >= 1024 and <= 256 * 1024 * 1024, "nano.gateway.max-message-bytes", "between 1024 and 268435456");
        Check(MaxJsonDepth is >= 4 and <= 1000, "nano.gateway.max-json-depth", "between 4 and 1000");
        Check(MaxInFlight is >= 1 and <= 100_000, "nano.gateway.max-in-flight", "between 1 and 100000");
        Check(IdleTimeout > TimeSpan.Zero, "nano.gateway.idle-timeout", "positive");
        Check(CommandTimeout > TimeSpan.Zero, "nano.gateway.command-timeout", "positive");
        Check(TcpPauseReadingAboveBytes > 0 && TcpMaxPendingBytes >= TcpPauseReadingAboveBytes,
            "nano.gateway.tcp.max-pending-bytes", "at least tcp.pause-reading-above-bytes (> 0)");
        Check(UdpMaxDatagramBytes is >= 512 and <= 65507, "nano.gateway.udp.max-datagram-bytes", "between 512 and 65507");
        Check(UdpRecentIds >= 1 && UdpMaxPeers >= 1, "nano.gateway.udp.recent-ids / max-peers", "at least 1");
        Check(HttpMaxHeaderBytes is >= 1024 and <= 1024 * 1024, "nano.gateway.http.max-header-bytes", "between 1024 and 1048576");
        Check(HttpMaxHeaderCount is >= 8 and <= 10_000, "nano.gateway.http.max-header-count", "between 8 and 10000");
        Check(Input.MaxPromptBytes >= 1, "nano.gateway.input.max-prompt-bytes", "at least 1");
        Check(Input.MaxMessages >= 1 && Input.MaxTools >= 1 && Input.MaxImages >= 0 && Input.MaxBatchSize >= 1,
            "nano.gateway.input.max-messages / max-tools / max-batch-size (max-images)", "at least 1 (0)");
        Check(Input.MaxImageBytes >= 1 && Input.MaxStopSequences >= 0 && Input.MaxStopSequenceChars >= 1,
            "nano.gateway.input.max-image-bytes / max-stop-sequences / max-stop-sequence-chars", "positive");
        Check(Input.ContextBytesPerToken is >= 1 and <= 1024, "nano.gateway.input.context-bytes-per-token", "between 1 and 1024");
        Tls.Validate();
        Check(Auth.MaxFailures >= 1, "nano.gateway.auth.max-failures", "at least 1");
        return this;
    }

    private static void Check(bool ok, string key, string expected)
    {
        if (!ok) throw new ArgumentOutOfRangeException(key, $"{key} must be {expected}");
    }
}

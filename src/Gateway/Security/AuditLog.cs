using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Nano.Gateway.Security;

/// <summary>
/// Security-relevant events as structured logs under the category <see cref="Category"/> (model administration,
/// refused authentication, refused access), and optionally as JSON lines appended to nano.gateway.audit.file. Events
/// carry the client's address and key id, never a key, a prompt or an output.
/// </summary>
public sealed class AuditLog : IDisposable
{
    public const string Category = "Nano.Audit";
    private static readonly EventId AdminEvent = new(9101, "AdminOperation");
    private static readonly EventId AuthFailureEvent = new(9102, "AuthFailure");
    private static readonly EventId ForbiddenEvent = new(9103, "Forbidden");

    private readonly ILogger _log;
    private readonly StreamWriter? _file;
    private readonly Lock _gate = new();

    /// <param name="file">JSON-lines file to append to, or null for logs only.</param>
    public AuditLog(ILoggerFactory? loggers, string? file = null)
    {
        _log = (loggers ?? NullLoggerFactory.Instance).CreateLogger(Category);
        if (string.IsNullOrEmpty(file)) return;
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
        _file = new StreamWriter(new FileStream(file, FileMode.Append, FileAccess.Write, FileShare.Read)) { AutoFlush = true };
    }

    public static AuditLog None { get; } = new(null);

    /// <summary>add, remove, load or unload of a model, with its outcome.</summary>
    public void AdminOperation(string operation, string model, Caller caller, string transport, bool ok, string outcome)
    {
        _log.LogInformation(AdminEvent, "Admin {Operation} model {Model} over {Transport} by {KeyId} from {Address}: {Ok} {Outcome}",
            operation, model, transport, caller.Key?.Id ?? "-", caller.Address, ok ? "ok" : "refused", outcome);
        Write(new JObject
        {
            ["event"] = "admin", ["operation"] = operation, ["model"] = model, ["transport"] = transport,
            ["key_id"] = caller.Key?.Id, ["address"] = caller.Address, ["ok"] = ok, ["outcome"] = outcome,
        });
    }

    /// <summary>A missing or invalid key (the presented key is never recorded).</summary>
    public void AuthFailure(string transport, string address, string reason)
    {
        _log.LogWarning(AuthFailureEvent, "Authentication failed over {Transport} from {Address}: {Reason}", transport, address, reason);
        Write(new JObject { ["event"] = "auth_failure", ["transport"] = transport, ["address"] = address, ["reason"] = reason });
    }

    /// <summary>A valid key asked for something it may not do (administration without admin).</summary>
    public void Forbidden(string transport, Caller caller, string what)
    {
        _log.LogWarning(ForbiddenEvent, "Forbidden over {Transport} for {KeyId} from {Address}: {What}", transport, caller.Key?.Id ?? "-", caller.Address, what);
        Write(new JObject { ["event"] = "forbidden", ["transport"] = transport, ["key_id"] = caller.Key?.Id, ["address"] = caller.Address, ["what"] = what });
    }

    private void Write(JObject entry)
    {
        if (_file is null) return;
        var line = new JObject { ["time"] = DateTimeOffset.UtcNow.ToString("O") };
        line.Merge(entry);
        lock (_gate)
        {
            try
            {
                _file.WriteLine(line.ToString(Formatting.None));
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException)
            {
                _log.LogError("Cannot write the audit file: {Reason}", e.Message);
            }
        }
    }

    public void Dispose()
    {
        lock (_gate) _file?.Dispose();
    }
}

using Akka.Event;
using Nano.Gateway.JsonRpc;
using Nano.Gateway.Mcp.Internal;
using Nano.Gateway.Mcp.Tools;
using Nano.Gateway.Mcp.Tools.Internal;
using Nano.Gateway.Security;
using Newtonsoft.Json.Linq;

namespace Nano.Gateway.Mcp;

// Access control at the protocol core: the API key in _meta, per-key model allow-lists, admin-only tools, and the
// per-client rate limit and concurrency cap.
public sealed partial class McpSessionActor
{
    private Caller _caller;
    private int _authFailures;

    /// <summary>
    /// Whether the request may go on: a key in _meta/apiKey is checked (and, valid, identifies the connection from
    /// then on); without one only initialize and ping pass; then the client's rate limit. Refusals are answered here.
    /// </summary>
    private bool Admit(JsonRpcRequest request, JObject? meta)
    {
        var access = _context.Access;
        // With auth off a key means nothing, and refusing a client that sends one anyway would only break it.
        if (access.AuthEnabled && meta?[McpMethods.MetaApiKey] is { } token)
        {
            var presented = (token as JValue)?.Value as string;
            if (access.Authenticate(presented, _caller.Address) is not { } caller)
                return RefuseAuth(request, "invalid API key in _meta/apiKey");
            _caller = caller;
            _authFailures = 0;
        }
        if (!_caller.Authenticated && request.Method is not (McpMethods.Initialize or McpMethods.Ping))
            return RefuseAuth(request, "this server needs an API key: send it as params._meta.apiKey of initialize (or of every request)");
        if (access.Limits.TryRequest(_caller.ClientId) is { } refusal)
        {
            ReplyLimited(request.Id, refusal);
            return false;
        }
        return true;
    }

    private bool RefuseAuth(JsonRpcRequest request, string reason)
    {
        _context.Access.Audit.AuthFailure(TransportName, _caller.Address, reason);
        ReplyError(request.Id, JsonRpcErrorCodes.Unauthorized, $"Unauthorized: {reason}", new JObject { ["name"] = "UNAUTHORIZED" });
        if (++_authFailures >= _context.Access.Auth.MaxFailures)
        {
            _log.Warning("Closing the connection from {Address}: {Count} failed authentications", _caller.Address, _authFailures);
            Transport.Tell(new SessionRefused($"{_authFailures} failed authentications"), Self);
        }
        return false;
    }

    private void ReplyLimited(RequestId id, LimitRefusal refusal) =>
        ReplyError(id, JsonRpcErrorCodes.TooManyRequests, refusal.Message, new JObject
        {
            ["name"] = "TOO_MANY_REQUESTS",
            ["reason"] = refusal.Reason,
            ["retry_after_ms"] = refusal.RetryAfterMs,
        });

    /// <summary>A slot of the client's concurrency cap for a call about to be tracked; null after answering the refusal.</summary>
    private IDisposable? TakeSlot(RequestId id)
    {
        var lease = _context.Access.Limits.TrySlot(_caller.ClientId, out var refusal);
        if (lease is null) ReplyLimited(id, refusal!);
        return lease;
    }

    /// <summary>
    /// Whether the caller may make this call: admin tools need an admin key (refused FORBIDDEN, audited); a model
    /// outside the key's allow-list is answered as unknown, so its existence does not leak. Refusals are answered here.
    /// </summary>
    private bool Permits(RequestId id, McpEra era, string tool, ToolCall call)
    {
        var admin = call is AdminCall || tool is ToolNames.LoadModel or ToolNames.UnloadModel;
        if (admin && !_caller.IsAdmin)
        {
            _context.Access.Audit.Forbidden(TransportName, _caller, tool);
            ReplyError(id, JsonRpcErrorCodes.Forbidden, $"Forbidden: {tool} needs an admin API key", new JObject { ["name"] = "FORBIDDEN" });
            return false;
        }
        var model = call switch
        {
            GenerateCall g => g.ModelId,
            CommandCall c => c.Command.ModelId,
            StatusCall s => s.ModelId,
            AbortCall a => a.ModelId,
            _ => null,
        };
        if (model is null || _caller.MaySee(model)) return true;
        Reply(id, era, ToolResults.Error(era, JsonRpcErrorCodes.ModelNotFound, $"unknown model '{model}'", model));
        return false;
    }

    private void AuditAdmin(PendingCall call, bool ok, string outcome) =>
        _context.Access.Audit.AdminOperation(call.Tool, call.ModelId ?? "?", _caller, TransportName, ok, outcome);

    private static void Release(PendingCall call) => call.Lease?.Dispose();
}

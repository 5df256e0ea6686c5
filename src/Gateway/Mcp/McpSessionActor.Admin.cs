using Akka.Actor;
using Akka.Event;
using Nano.Gateway.Admin;
using Nano.Gateway.JsonRpc;
using Nano.Gateway.Mcp.Tools.Internal;

namespace Nano.Gateway.Mcp;

// add_model and remove_model: model administration over MCP, audit-logged like the HTTP admin API.
public sealed partial class McpSessionActor
{
    private void StartAdmin(RequestId id, McpEra era, string tool, AdminCall admin, IDisposable? lease)
    {
        var model = admin.ModelId ?? admin.Entry?["name"]?.ToString();
        var sequence = Track(id, era, tool, model, lease).Sequence;
        var outcome = admin.Entry is { } entry
            ? ModelAdministration.AddAsync(_context, entry, "model", CancellationToken.None)
            : ModelAdministration.RemoveAsync(_context, admin.ModelId!, CancellationToken.None);
        outcome.PipeTo(Self,
            success: o => new AdminAnswered(id, sequence, o),
            failure: ex => new AskFailed(id, sequence, ex.GetBaseException().Message));
    }

    private void OnAdminAnswered(AdminAnswered answered)
    {
        if (TakeCall(answered.Id, answered.Sequence) is not { } call) return;
        var outcome = answered.Outcome;
        AuditAdmin(call, outcome.Ok, $"{outcome.Status} {outcome.Summary}");
        if (outcome.Ok)
        {
            Reply(call.Id, call.Era, ToolResults.Structured(outcome.Summary, outcome.Body, call.Era));
            return;
        }
        var code = outcome.Status switch
        {
            404 => JsonRpcErrorCodes.ModelNotFound,
            400 or 409 => JsonRpcErrorCodes.BadRequest,
            504 => JsonRpcErrorCodes.Timeout,
            _ => JsonRpcErrorCodes.InternalError,
        };
        var result = ToolResults.Error(call.Era, code, outcome.Summary, call.ModelId);
        // The validation errors, one per JSON path, as data the caller can act on.
        if (result["structuredContent"]?["error"] is Newtonsoft.Json.Linq.JObject error && outcome.Body["error"]?["errors"] is { } errors)
            error["errors"] = errors.DeepClone();
        Reply(call.Id, call.Era, result);
    }

    private sealed record AdminAnswered(RequestId Id, long Sequence, AdminOutcome Outcome);
}

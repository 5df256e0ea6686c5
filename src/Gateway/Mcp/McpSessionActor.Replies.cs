using Akka.Event;
using Nano.Actors.Protocol;
using Nano.Gateway.JsonRpc;
using Nano.Gateway.Mcp.Internal;
using Nano.Gateway.Mcp.Tools;
using Nano.Gateway.Mcp.Tools.Internal;
using Nano.Gateway.StatusPage;
using Nano.Runtime;
using Newtonsoft.Json.Linq;

namespace Nano.Gateway.Mcp;

// Answers from the model router: token chunks, final answers, command and status results.
public sealed partial class McpSessionActor
{
    private void OnChunk(TokenChunk chunk)
    {
        if (RunCall(chunk.RequestId) is not { } call) return;
        call.Text.Append(chunk.Text);
        call.Chunks++;
        if (call.Progress is { } progress)
            SendFrame(progress.Frame(call.Chunks, chunk.Text), OutboundKind.Notification, call.Id);
    }

    private void OnCompleted(Completed completed)
    {
        if (TakeRun(completed.RequestId) is not { } call) return;
        GenerationObserved.Publish(Context.System, call.ModelId ?? "", completed);
        if (_context.Settings.LogPrompts) _log.Debug("Request {RequestId} output: {Output}", completed.RequestId, call.Text.ToString());
        CountRun(call, null);
        if (Logs(call, "info"))
            Log(call, "info", new JObject
            {
                ["event"] = "completed",
                ["model"] = completed.Origin.ModelId,
                ["request_id"] = completed.RequestId,
                ["tokens"] = completed.Usage.CompletionTokens,
                ["simulated"] = completed.Origin.Simulated,
            });
        if (call.Generate?.Mode == RkllmInferMode.LastHiddenLayer)
            Reply(call.Id, call.Era, ToolResults.Embedded(call, completed));
        else
            SendAnswer(call.Id, GenerateResultWriter.Serialize(call.Id, call.Era, _context.Server, call.Text.ToString(), completed));
    }

    private void OnFailed(Failed failed)
    {
        if (TakeRun(failed.RequestId) is not { } call) return;
        GenerationObserved.Publish(Context.System, call.ModelId ?? "", failed);
        CountRun(call, failed.Code);
        var result = ToolResults.Error(call.Era, ErrorMapping.Code(failed.Code), failed.Message, call.ModelId, failed.RequestId);
        if (result["structuredContent"] is JObject structured)
        {
            // Whether sending the same request again may succeed (a lost board, a runtime fault) or cannot (bad input).
            if (structured["error"] is JObject error) error["retriable"] = failed.Retriable;
            if (call.Text.Length > 0) structured["partial_text"] = call.Text.ToString();
        }
        Reply(call.Id, call.Era, result);
    }

    private void OnRejected(Rejected rejected)
    {
        if (TakeRun(rejected.RequestId) is not { } call) return;
        GenerationObserved.Publish(Context.System, call.ModelId ?? "", rejected);
        CountRun(call, rejected.Code);
        var code = ErrorMapping.Code(rejected.Code);
        if (ErrorMapping.IsProtocolError(rejected.Code))
        {
            var data = new JObject { ["name"] = ErrorMapping.Name(code), ["model"] = call.ModelId, ["request_id"] = rejected.RequestId };
            if (rejected.RetryAfter is { } after) data["retry_after_ms"] = ToolResults.RetryAfterMs(after);
            ReplyError(call.Id, code, rejected.Reason, data);
            return;
        }
        Reply(call.Id, call.Era, ToolResults.Error(call.Era, code, rejected.Reason, call.ModelId, rejected.RequestId, rejected.RetryAfter));
    }

    private void OnCommandAnswered(CommandAnswered answered)
    {
        if (TakeCall(answered.Id, answered.Sequence) is not { } call) return;
        if (call.Tool is ToolNames.LoadModel or ToolNames.UnloadModel) AuditAdmin(call, answered.Result.Ok, answered.Result.Message);
        Reply(call.Id, call.Era, ToolResults.Command(answered.Result, call.Era));
    }

    private void OnStatusAnswered(StatusAnswered answered)
    {
        if (TakeCall(answered.Id, answered.Sequence) is not { } call) return;
        var list = ModelInfoJson.List(answered.Snapshot, _context.Models);
        // A key's allow-list hides the other models everywhere they would be listed.
        var models = ((JArray)list["models"]!).Cast<JObject>().Where(m => _caller.MaySee((string?)m["name"] ?? "")).ToList();
        list["models"] = new JArray(models);
        switch (call.Tool)
        {
            case ToolNames.ListModels:
                Reply(call.Id, call.Era, ToolResults.Structured(string.Join("\n", models.Select(ModelInfoJson.Line)), list, call.Era));
                break;
            case ModelResources.ReadTool:
                var info = models.FirstOrDefault(m => (string?)m["name"] == call.ModelId) ?? ModelInfoJson.Of(_context.FindModel(call.ModelId!), null, call.ModelId!);
                Reply(call.Id, call.Era, McpResults.Cacheable(ModelResources.Read(call.ModelId!, info), call.Era, ttlMs: 1000));
                break;
            default:
                if (models.FirstOrDefault(m => (string?)m["name"] == call.ModelId) is { } model)
                    Reply(call.Id, call.Era, ToolResults.Structured(ModelInfoJson.Line(model), model, call.Era));
                else
                    Reply(call.Id, call.Era, ToolResults.Error(call.Era, JsonRpcErrorCodes.ModelNotFound,
                        $"unknown model '{call.ModelId}'; known models: {string.Join(", ", models.Select(m => (string?)m["name"]))}", call.ModelId));
                break;
        }
    }

    private void OnClusterStatusAnswered(ClusterStatusAnswered answered)
    {
        if (TakeCall(answered.Id, answered.Sequence) is not { } call) return;
        Reply(call.Id, call.Era, ToolResults.Structured(ClusterStatusJson.Text(answered.Status), ClusterStatusJson.Of(answered.Status), call.Era));
    }

    private void OnAskFailed(AskFailed failed)
    {
        if (TakeCall(failed.Id, failed.Sequence) is not { } call) return;
        Reply(call.Id, call.Era, ToolResults.Error(call.Era, JsonRpcErrorCodes.Timeout, $"{call.Tool}: {failed.Reason}", call.ModelId));
    }

    private PendingCall? RunCall(string runId) =>
        _callByRun.TryGetValue(runId, out var id) && _calls.TryGetValue(id, out var call) ? call : null;

    private PendingCall? TakeRun(string runId)
    {
        if (RunCall(runId) is not { } call) return null;
        _callByRun.Remove(runId);
        _calls.Remove(call.Id);
        Release(call);
        return call;
    }

    private PendingCall? TakeCall(RequestId id, long sequence)
    {
        if (!_calls.TryGetValue(id, out var call) || call.Sequence != sequence) return null;
        _calls.Remove(id);
        Release(call);
        return call;
    }
}

using Nano.Actors.Cluster;
using Akka.Event;
using Akka.Actor;
using Nano.Actors.Protocol;
using Nano.Gateway.JsonRpc;
using Nano.Gateway.Mcp.Internal;
using Nano.Gateway.Mcp.Tools;
using Nano.Gateway.Mcp.Tools.Internal;
using Newtonsoft.Json.Linq;

namespace Nano.Gateway.Mcp;

// tools/call and resources/read: from arguments to actor messages, and cancellation.
public sealed partial class McpSessionActor
{
    private void OnToolCall(JsonRpcRequest request, JObject parameters, JObject? meta, McpEra era)
    {
        if (parameters["name"] is not JValue { Type: JTokenType.String, Value: string name })
        {
            ReplyError(request.Id, JsonRpcErrorCodes.InvalidParams, "Invalid params: tools/call needs params.name (a string)");
            return;
        }
        if (_context.Tools.Find(name) is not { } tool)
        {
            ReplyError(request.Id, JsonRpcErrorCodes.InvalidParams, $"Unknown tool: {name}", new JObject { ["tool"] = name });
            return;
        }
        var arguments = parameters["arguments"];
        if (arguments is not (null or JObject) && arguments.Type != JTokenType.Null)
        {
            ReplyError(request.Id, JsonRpcErrorCodes.InvalidParams, $"Invalid arguments for tool {name}: arguments must be an object");
            return;
        }
        var progressToken = meta?[McpMethods.MetaProgressToken];
        if (progressToken is not (null or JValue { Type: JTokenType.String or JTokenType.Integer }))
        {
            ReplyError(request.Id, JsonRpcErrorCodes.InvalidParams, "Invalid params: _meta/progressToken must be a string or an integer");
            return;
        }

        var bound = ToolBinder.Bind(tool, arguments as JObject ?? [], _context);
        if (bound is not (InvalidArguments or ToolRefusal) && !Permits(request.Id, era, tool.Name, bound)) return;
        IDisposable? lease = null;
        if (bound is GenerateCall or CommandCall or StatusCall or ClusterStatusCall or AdminCall && _calls.Count < _context.Settings.MaxInFlight)
        {
            lease = TakeSlot(request.Id);
            if (lease is null) return;
        }
        switch (bound)
        {
            case InvalidArguments invalid:
                ReplyError(request.Id, JsonRpcErrorCodes.InvalidParams, invalid.Message, invalid.Data);
                break;
            case ToolRefusal refusal:
                Reply(request.Id, era, ToolResults.Error(era, refusal.Code, refusal.Message, (arguments?["model"] as JValue)?.Value as string));
                break;
            case AbortCall abort:
                OnAbort(request.Id, era, abort);
                break;
            case ToolCall when _calls.Count >= _context.Settings.MaxInFlight:
                ReplyError(request.Id, JsonRpcErrorCodes.TooManyRequests,
                    $"Too many requests: this connection already has {_calls.Count} running (nano.gateway.max-in-flight)",
                    new JObject { ["name"] = "TOO_MANY_REQUESTS", ["max_in_flight"] = _context.Settings.MaxInFlight });
                break;
            case GenerateCall generate:
                StartRun(request.Id, era, tool.Name, generate, progressToken, meta, lease);
                break;
            case CommandCall command:
                StartCommand(request.Id, era, tool.Name, command.Command, lease);
                break;
            case StatusCall status:
                StartStatus(request.Id, era, tool.Name, status.ModelId, lease);
                break;
            case ClusterStatusCall:
                StartClusterStatus(request.Id, era, tool.Name, lease);
                break;
            case AdminCall admin:
                StartAdmin(request.Id, era, tool.Name, admin, lease);
                break;
        }
    }

    private void StartRun(RequestId id, McpEra era, string tool, GenerateCall generate, JToken? progressToken, JObject? meta, IDisposable? lease)
    {
        var runId = generate.ClientRequestId ?? $"{_runPrefix}-{++_sequence}";
        if (_callByRun.ContainsKey(runId))
        {
            lease?.Dispose();
            Reply(id, era, ToolResults.Error(era, JsonRpcErrorCodes.BadRequest, $"request id '{runId}' is already running", generate.ModelId, runId));
            return;
        }
        var call = new PendingCall(id, era, tool, ++_sequence)
        {
            RunId = runId,
            ModelId = generate.ModelId,
            Generate = generate,
            Progress = progressToken is null ? null : new ProgressWriter(progressToken, runId),
            LogLevel = (meta?[McpMethods.MetaLogLevel] as JValue)?.Value as string,
            Lease = lease,
        };
        _calls[id] = call;
        _callByRun[runId] = id;
        _context.Router.Tell(new GenerateRequest
        {
            RequestId = runId,
            ModelId = generate.ModelId,
            Input = generate.Input,
            Mode = generate.Mode,
            Sampling = generate.Sampling,
            MaxNewTokens = generate.MaxNewTokens,
            LoraAdapter = generate.LoraAdapter,
            PromptCache = generate.PromptCache,
            SessionId = generate.SessionId,
            Priority = generate.Priority,
            Timeout = generate.Timeout,
            ReplyTo = Self,
        }, Self);
        _log.Debug("Request {RequestId} of model {ModelId} ({Tool} over {Transport}) sent to the router", runId, generate.ModelId, tool, TransportName);
        // Prompts stay out of logs unless explicitly asked for (nano.gateway.log-prompts) and at debug level only.
        if (_context.Settings.LogPrompts)
            _log.Debug("Request {RequestId} input: {Input}", runId, generate.Input is Nano.Runtime.RkllmPromptInput p ? p.Prompt : generate.Input.GetType().Name);
        if (Logs(call, "debug"))
            Log(call, "debug", new JObject { ["event"] = "accepted", ["tool"] = tool, ["model"] = generate.ModelId, ["request_id"] = runId });
    }

    private void StartCommand(RequestId id, McpEra era, string tool, ModelCommand command, IDisposable? lease)
    {
        var call = Track(id, era, tool, command.ModelId, lease);
        var sequence = call.Sequence;
        _context.Router.Ask<CommandResult>(command, _context.Settings.CommandTimeout).PipeTo(Self,
            success: result => new CommandAnswered(id, sequence, result),
            failure: ex => new AskFailed(id, sequence, ex is AskTimeoutException
                ? $"no answer within {_context.Settings.CommandTimeout.TotalSeconds:0.#} s (nano.gateway.command-timeout)"
                : ex.GetBaseException().Message));
    }

    private void StartStatus(RequestId id, McpEra era, string tool, string? modelId, IDisposable? lease)
    {
        var call = Track(id, era, tool, modelId, lease);
        var sequence = call.Sequence;
        _context.Router.Ask<PoolSnapshot>(GetPoolStatus.Instance, _context.Settings.CommandTimeout).PipeTo(Self,
            success: snapshot => new StatusAnswered(id, sequence, snapshot),
            failure: ex => new AskFailed(id, sequence, ex.GetBaseException().Message));
    }

    private void StartClusterStatus(RequestId id, McpEra era, string tool, IDisposable? lease)
    {
        var sequence = Track(id, era, tool, null, lease).Sequence;
        _context.Router.Ask<ClusterStatus>(GetClusterStatus.Instance, _context.Settings.CommandTimeout).PipeTo(Self,
            success: status => new ClusterStatusAnswered(id, sequence, status),
            failure: ex => new AskFailed(id, sequence, ex.GetBaseException().Message));
    }

    private PendingCall Track(RequestId id, McpEra era, string tool, string? modelId, IDisposable? lease)
    {
        var call = new PendingCall(id, era, tool, ++_sequence) { ModelId = modelId, Lease = lease };
        _calls[id] = call;
        return call;
    }

    private void OnAbort(RequestId id, McpEra era, AbortCall abort)
    {
        var own = _callByRun.TryGetValue(abort.RequestId, out var callId) ? _calls[callId] : null;
        var model = own?.ModelId ?? abort.ModelId;
        if (model is null)
        {
            Reply(id, era, ToolResults.Error(era, JsonRpcErrorCodes.BadRequest,
                $"request '{abort.RequestId}' is not running on this connection; give its model to abort it anyway", null, abort.RequestId));
            return;
        }
        // The aborted call itself ends with a CANCELLED error result when the pool answers it.
        _context.Router.Tell(new CancelRequest(model, abort.RequestId), Self);
        var structured = new JObject { ["request_id"] = abort.RequestId, ["model"] = model, ["aborted"] = true };
        Reply(id, era, ToolResults.Structured($"abort sent for request '{abort.RequestId}' of model '{model}'", structured, era));
    }

    private void OnResourceRead(JsonRpcRequest request, JObject? parameters, JObject? meta, McpEra era)
    {
        if (parameters?["uri"] is not JValue { Type: JTokenType.String, Value: string uri })
        {
            ReplyError(request.Id, JsonRpcErrorCodes.InvalidParams, "Invalid params: resources/read needs params.uri (a string)");
            return;
        }
        if (ModelResources.ModelOf(uri, _context.Models) is not { } model || !_caller.MaySee(model.Name))
        {
            // 2026-07-28 retired -32002 for resource not found in favour of -32602.
            var code = era.IsModern ? JsonRpcErrorCodes.InvalidParams : JsonRpcErrorCodes.ResourceNotFound;
            ReplyError(request.Id, code, $"Resource not found: {uri}", new JObject { ["uri"] = uri });
            return;
        }
        if (_calls.Count >= _context.Settings.MaxInFlight)
        {
            ReplyError(request.Id, JsonRpcErrorCodes.TooManyRequests, "Too many requests on this connection (nano.gateway.max-in-flight)",
                new JObject { ["name"] = "TOO_MANY_REQUESTS", ["max_in_flight"] = _context.Settings.MaxInFlight });
            return;
        }
        if (TakeSlot(request.Id) is not { } lease) return;
        StartStatus(request.Id, era, ModelResources.ReadTool, model.Name, lease);
    }

    /// <summary>The client gave up on a request: stop its run (rkllm_abort frees the handle) and never answer it.</summary>
    private void Cancel(RequestId id, string reason)
    {
        if (!_calls.Remove(id, out var call)) return;
        Release(call);
        if (call.RunId is { } runId)
        {
            _callByRun.Remove(runId);
            _context.Router.Tell(new CancelRequest(call.ModelId!, runId), Self);
            CountRun(call, NanoErrorCode.Cancelled);
            _log.Info("Cancelled request {JsonRpcId} (request {RequestId} of model {ModelId}): {Reason}", id, runId, call.ModelId, reason);
        }
        if (_batchOf.Remove(id, out var batch))
        {
            batch.Drop(id);
            FlushBatch(batch);
        }
        Transport.Tell(new RequestDropped(id), Self);
        CheckDrained();
    }

    private void CancelAll(string reason)
    {
        foreach (var call in _calls.Values.Where(c => c.RunId is not null))
            _context.Router.Tell(new CancelRequest(call.ModelId!, call.RunId!), ActorRefs.NoSender);
        if (_calls.Count > 0) _log.Info("Cancelled {Count} request(s): {Reason}", _calls.Count, reason);
        foreach (var call in _calls.Values) Release(call);
        _calls.Clear();
        _callByRun.Clear();
    }
}

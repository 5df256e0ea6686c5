using Akka.Event;
using Nano.Gateway.JsonRpc;
using Nano.Gateway.JsonRpc.Internal;
using Nano.Gateway.Mcp.Internal;
using Newtonsoft.Json.Linq;

namespace Nano.Gateway.Mcp;

// Era selection and the protocol's own methods (lifecycle, discovery, lists, resources, notifications).
public sealed partial class McpSessionActor
{
    private const long ToolsTtlMs = 3_600_000;
    private const long ResourcesTtlMs = 5_000;

    private const string Instructions =
        "nano serves LLMs on Rockchip NPUs. Call list_models, then generate (model + prompt or messages); pass " +
        "_meta.progressToken to stream tokens as notifications/progress. Results say whether a model is simulated.";

    private void OnRequest(JsonRpcRequest request)
    {
        if (_calls.ContainsKey(request.Id))
        {
            ReplyError(request.Id, JsonRpcErrorCodes.InvalidRequest, $"Invalid Request: id {request.Id} is already used by a request in progress");
            return;
        }
        if (request.Params is not (null or JObject))
        {
            ReplyError(request.Id, JsonRpcErrorCodes.InvalidParams, "Invalid params: MCP params must be an object");
            return;
        }
        var parameters = request.ParamsObject;
        if (parameters?["_meta"] is { Type: not JTokenType.Object } )
        {
            ReplyError(request.Id, JsonRpcErrorCodes.InvalidParams, "Invalid params: _meta must be an object");
            return;
        }
        var meta = parameters?["_meta"] as JObject;
        if (!Admit(request, meta)) return;
        if (EraOf(request, meta) is not { } era) return;

        switch (request.Method)
        {
            case McpMethods.Initialize when !era.IsModern:
                OnInitialize(request, parameters);
                break;
            case McpMethods.Ping when !era.IsModern:
                Reply(request.Id, era, new JObject());
                break;
            case McpMethods.LoggingSetLevel when !era.IsModern:
                OnSetLevel(request, parameters);
                break;
            case McpMethods.ServerDiscover when era.IsModern:
                Reply(request.Id, era, McpResults.Cacheable(Discover(), era, ToolsTtlMs));
                break;
            case McpMethods.ToolsList:
                if (HasCursor(request, parameters)) return;
                Reply(request.Id, era, McpResults.Cacheable(_context.Tools.ListResult(era), era, ToolsTtlMs));
                break;
            case McpMethods.ToolsCall:
                OnToolCall(request, parameters ?? [], meta, era);
                break;
            case McpMethods.ResourcesList:
                if (HasCursor(request, parameters)) return;
                Reply(request.Id, era, McpResults.Cacheable(ModelResources.List(_context.Models.Where(m => _caller.MaySee(m.Name)).ToList()), era, ResourcesTtlMs));
                break;
            case McpMethods.ResourceTemplatesList:
                if (HasCursor(request, parameters)) return;
                Reply(request.Id, era, McpResults.Cacheable(ModelResources.Templates(), era, ToolsTtlMs));
                break;
            case McpMethods.ResourcesRead:
                OnResourceRead(request, parameters, meta, era);
                break;
            case McpMethods.Initialize or McpMethods.Ping or McpMethods.LoggingSetLevel:
                ReplyError(request.Id, JsonRpcErrorCodes.MethodNotFound,
                    $"Method not found: {request.Method} is not part of protocol version {era.Version}; requests carry their protocol " +
                    "version and capabilities in _meta, server/discover describes the server and _meta logLevel replaces logging/setLevel");
                break;
            case McpMethods.ServerDiscover:
                ReplyError(request.Id, JsonRpcErrorCodes.MethodNotFound,
                    $"Method not found: server/discover needs protocol version {McpProtocolVersions.Modern} in _meta; this connection speaks {era.Version}");
                break;
            default:
                ReplyError(request.Id, JsonRpcErrorCodes.MethodNotFound, $"Method not found: {request.Method}");
                break;
        }
    }

    /// <summary>
    /// The era of one request, or null after answering with an error. _meta's protocolVersion selects the modern era
    /// (and must then come with clientCapabilities); without it the request belongs to the connection's initialize.
    /// </summary>
    private McpEra? EraOf(JsonRpcRequest request, JObject? meta)
    {
        if (meta?[McpMethods.MetaProtocolVersion] is { } versionToken)
        {
            if (versionToken is not JValue { Type: JTokenType.String, Value: string version })
                return Refuse(request, JsonRpcErrorCodes.InvalidParams, $"Invalid params: _meta/{McpMethods.MetaProtocolVersion} must be a string");
            if (version == McpProtocolVersions.Modern)
            {
                if (request.Method == McpMethods.Initialize)
                    return Refuse(request, JsonRpcErrorCodes.MethodNotFound,
                        $"Method not found: initialize is not part of protocol version {version}; use server/discover and per-request _meta");
                if (meta[McpMethods.MetaClientCapabilities] is not JObject)
                    return Refuse(request, JsonRpcErrorCodes.InvalidParams,
                        $"Invalid params: requests using protocol version '{version}' must include '_meta/{McpMethods.MetaClientCapabilities}'");
                if (meta[McpMethods.MetaLogLevel] is { } level && !LogLevels.IsValid((level as JValue)?.Value as string))
                    return Refuse(request, JsonRpcErrorCodes.InvalidParams, $"Invalid params: unknown log level in _meta/{McpMethods.MetaLogLevel}");
                return McpEra.Modern;
            }
            if (version == _legacyVersion && request.Method != McpMethods.Initialize) return McpEra.Legacy(version);
            // A legacy revision can only be chosen by initialize, so a client retrying with one must initialize instead.
            var supported = McpProtocolVersions.IsLegacy(version) ? [McpProtocolVersions.Modern] : McpProtocolVersions.All;
            var message = McpProtocolVersions.IsLegacy(version)
                ? $"Unsupported protocol version: {version} is served after initialize only; per-request _meta needs {McpProtocolVersions.Modern}"
                : "Unsupported protocol version";
            return Refuse(request, JsonRpcErrorCodes.UnsupportedProtocolVersion, message,
                new JObject { ["supported"] = new JArray(supported), ["requested"] = version });
        }
        if (request.Method == McpMethods.Initialize) return McpEra.Legacy(McpProtocolVersions.LatestLegacy);
        if (_legacyVersion is { } negotiated) return McpEra.Legacy(negotiated);
        // Before initialize, a legacy client may only ping.
        if (request.Method == McpMethods.Ping) return McpEra.Legacy(McpProtocolVersions.LatestLegacy);
        return Refuse(request, JsonRpcErrorCodes.InvalidParams,
            $"Invalid params: missing _meta/{McpMethods.MetaProtocolVersion}: send {McpProtocolVersions.Modern} per-request metadata " +
            $"(with _meta/{McpMethods.MetaClientCapabilities}), or initialize first ({string.Join(", ", McpProtocolVersions.Legacy.Reverse())})");
    }

    private McpEra? Refuse(JsonRpcRequest request, int code, string message, JToken? data = null)
    {
        ReplyError(request.Id, code, message, data);
        return null;
    }

    private void OnInitialize(JsonRpcRequest request, JObject? parameters)
    {
        if (parameters?["protocolVersion"] is not JValue { Type: JTokenType.String, Value: string requested })
        {
            ReplyError(request.Id, JsonRpcErrorCodes.InvalidParams, "Invalid params: initialize needs params.protocolVersion (a string)");
            return;
        }
        if (parameters["capabilities"] is { Type: not JTokenType.Object } || parameters["clientInfo"] is { Type: not JTokenType.Object })
        {
            ReplyError(request.Id, JsonRpcErrorCodes.InvalidParams, "Invalid params: initialize's capabilities and clientInfo must be objects");
            return;
        }
        _legacyVersion = McpProtocolVersions.Negotiate(requested);
        var era = McpEra.Legacy(_legacyVersion);
        _log.Info("MCP session initialized: client {Client} asked for {Requested}, speaking {Version}",
            parameters["clientInfo"]?["name"] ?? "(unnamed)", requested, _legacyVersion);
        Reply(request.Id, era, new JObject
        {
            ["protocolVersion"] = _legacyVersion,
            ["capabilities"] = new JObject
            {
                ["logging"] = new JObject(),
                ["tools"] = new JObject { ["listChanged"] = false },
                ["resources"] = new JObject { ["subscribe"] = false, ["listChanged"] = false },
            },
            ["serverInfo"] = _context.Server.ToJson(withTitle: era.HasStructuredContent),
            ["instructions"] = Instructions,
        });
    }

    private JObject Discover() => new()
    {
        ["supportedVersions"] = new JArray(McpProtocolVersions.All),
        ["capabilities"] = new JObject
        {
            ["logging"] = new JObject(),
            ["tools"] = new JObject(),
            ["resources"] = new JObject(),
        },
        ["instructions"] = Instructions,
    };

    private void OnSetLevel(JsonRpcRequest request, JObject? parameters)
    {
        if (parameters?["level"] is not JValue { Type: JTokenType.String, Value: string level } || !LogLevels.IsValid(level))
        {
            ReplyError(request.Id, JsonRpcErrorCodes.InvalidParams, "Invalid params: level must be one of debug, info, notice, warning, error, critical, alert, emergency");
            return;
        }
        _legacyLogLevel = level;
        Reply(request.Id, McpEra.Legacy(_legacyVersion ?? McpProtocolVersions.LatestLegacy), new JObject());
    }

    /// <summary>nano's lists fit one page; a cursor can only be one nano never gave out.</summary>
    private bool HasCursor(JsonRpcRequest request, JObject? parameters)
    {
        if (parameters?["cursor"] is null or { Type: JTokenType.Null }) return false;
        ReplyError(request.Id, JsonRpcErrorCodes.InvalidParams, "Invalid cursor");
        return true;
    }

    private void OnNotification(JsonRpcNotification notification)
    {
        switch (notification.Method)
        {
            case McpMethods.Cancelled:
                // Malformed or unknown cancellations are ignored, as the spec asks.
                if (notification.ParamsObject?["requestId"] is { } idToken && JsonRpcClassifier.ReadId(idToken) is { } id)
                    Cancel(id, (notification.ParamsObject["reason"] as JValue)?.Value as string ?? "cancelled by the client");
                break;
            case McpMethods.Initialized:
                break;
            default:
                _log.Debug("Ignoring notification {Method}", notification.Method);
                break;
        }
    }
}

using Newtonsoft.Json.Linq;

namespace Nano.Gateway.JsonRpc;

/// <summary>One JSON-RPC 2.0 message, either direction.</summary>
public abstract record JsonRpcMessage;

/// <summary>A call expecting an answer. Params is an object or an array (by-position), or null when absent.</summary>
public sealed record JsonRpcRequest(RequestId Id, string Method, JToken? Params = null) : JsonRpcMessage
{
    /// <summary>Params as an object, or null when absent or by-position.</summary>
    public JObject? ParamsObject => Params as JObject;
}

/// <summary>A one-way message: never answered.</summary>
public sealed record JsonRpcNotification(string Method, JToken? Params = null) : JsonRpcMessage
{
    public JObject? ParamsObject => Params as JObject;
}

/// <summary>A successful answer.</summary>
public sealed record JsonRpcResponse(RequestId Id, JToken Result) : JsonRpcMessage;

/// <summary>A failed answer; Id is null when the request's id could not be read (parse errors, invalid requests).</summary>
public sealed record JsonRpcErrorResponse(RequestId? Id, JsonRpcError Error) : JsonRpcMessage;

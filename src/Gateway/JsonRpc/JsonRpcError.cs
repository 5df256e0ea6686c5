using Newtonsoft.Json.Linq;

namespace Nano.Gateway.JsonRpc;

/// <summary>The error object of a JSON-RPC error response. Data is any JSON value (null: omitted).</summary>
public sealed record JsonRpcError(int Code, string Message, JToken? Data = null);

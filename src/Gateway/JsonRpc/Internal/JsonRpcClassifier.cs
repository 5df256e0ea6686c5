using Newtonsoft.Json.Linq;

namespace Nano.Gateway.JsonRpc.Internal;

/// <summary>Turns a parsed JSON value into a request, notification or response, or the -32600 error it deserves.</summary>
internal static class JsonRpcClassifier
{
    public static JsonRpcParseResult Classify(JToken token)
    {
        if (token is not JObject message)
            return Invalid(null, "a JSON-RPC message must be an object");

        var hasId = message.TryGetValue("id", out var idToken);
        var id = hasId ? ReadId(idToken!) : null;
        if (message["jsonrpc"] is not JValue { Type: JTokenType.String, Value: JsonRpcCodec.Version })
            return Invalid(id, "\"jsonrpc\" must be \"2.0\"");

        if (message.TryGetValue("method", out var method))
        {
            if (method is not JValue { Type: JTokenType.String, Value: string name })
                return Invalid(id, "\"method\" must be a string");
            var parameters = message["params"];
            if (parameters is not (null or JObject or JArray))
                return Invalid(id, "\"params\" must be an object or an array");
            if (!hasId)
                return new JsonRpcParsed(new JsonRpcNotification(name, parameters));
            return id is { } requestId
                ? new JsonRpcParsed(new JsonRpcRequest(requestId, name, parameters))
                : Invalid(null, "\"id\" must be a string or an integer");
        }

        var hasResult = message.TryGetValue("result", out var result);
        var hasError = message.TryGetValue("error", out var error);
        if (hasResult == hasError)
            return Invalid(id, "a message needs \"method\" (request or notification) or exactly one of \"result\" and \"error\"");
        if (hasResult)
            return id is { } resultId
                ? new JsonRpcParsed(new JsonRpcResponse(resultId, result!))
                : Invalid(null, "a response needs a string or integer \"id\"");
        if (error is not JObject { } body
            || body["code"] is not JValue { Type: JTokenType.Integer } code
            || body["message"] is not JValue { Type: JTokenType.String, Value: string text })
            return Invalid(id, "\"error\" must be an object with an integer \"code\" and a string \"message\"");
        return new JsonRpcParsed(new JsonRpcErrorResponse(id, new JsonRpcError(ToInt(code), text, body["data"])));
    }

    /// <summary>A string, or an integral number within long; anything else is unreadable (null).</summary>
    public static RequestId? ReadId(JToken token) => token switch
    {
        JValue { Type: JTokenType.String, Value: string s } => new RequestId(s),
        JValue { Type: JTokenType.Integer, Value: long n } => new RequestId(n),
        JValue { Type: JTokenType.Float, Value: double d } when Math.Floor(d) == d && Math.Abs(d) < 9.007199254740992e15 => new RequestId((long)d),
        _ => (RequestId?)null,
    };

    private static int ToInt(JValue code) => code.Value is long n && n is >= int.MinValue and <= int.MaxValue ? (int)n : JsonRpcErrorCodes.InternalError;

    private static JsonRpcInvalid Invalid(RequestId? id, string why) =>
        JsonRpcCodec.Invalid(id, JsonRpcErrorCodes.InvalidRequest, $"Invalid Request: {why}");
}

using Newtonsoft.Json;

namespace Nano.Gateway.JsonRpc.Internal;

/// <summary>Writes the JSON-RPC envelope; member order is jsonrpc, id, method/result/error, as the spec shows it.</summary>
internal static class JsonRpcWriter
{
    public static void WriteMessage(JsonWriter json, JsonRpcMessage message)
    {
        json.WriteStartObject();
        json.WritePropertyName("jsonrpc");
        json.WriteValue(JsonRpcCodec.Version);
        switch (message)
        {
            case JsonRpcRequest request:
                WriteId(json, request.Id);
                WriteMethod(json, request.Method, request.Params);
                break;
            case JsonRpcNotification notification:
                WriteMethod(json, notification.Method, notification.Params);
                break;
            case JsonRpcResponse response:
                WriteId(json, response.Id);
                json.WritePropertyName("result");
                response.Result.WriteTo(json);
                break;
            case JsonRpcErrorResponse error:
                // JSON-RPC 2.0 requires the member: null when the request's id could not be read.
                if (error.Id is { } id) WriteId(json, id);
                else
                {
                    json.WritePropertyName("id");
                    json.WriteNull();
                }
                WriteError(json, error.Error);
                break;
        }
        json.WriteEndObject();
    }

    public static void WriteId(JsonWriter json, RequestId id)
    {
        json.WritePropertyName("id");
        WriteIdValue(json, id);
    }

    public static void WriteIdValue(JsonWriter json, RequestId id)
    {
        if (id.IsString) json.WriteValue(id.AsString);
        else json.WriteValue(id.AsNumber);
    }

    private static void WriteMethod(JsonWriter json, string method, Newtonsoft.Json.Linq.JToken? parameters)
    {
        json.WritePropertyName("method");
        json.WriteValue(method);
        if (parameters is null) return;
        json.WritePropertyName("params");
        parameters.WriteTo(json);
    }

    private static void WriteError(JsonWriter json, JsonRpcError error)
    {
        json.WritePropertyName("error");
        json.WriteStartObject();
        json.WritePropertyName("code");
        json.WriteValue(error.Code);
        json.WritePropertyName("message");
        json.WriteValue(error.Message);
        if (error.Data is { } data)
        {
            json.WritePropertyName("data");
            data.WriteTo(json);
        }
        json.WriteEndObject();
    }
}

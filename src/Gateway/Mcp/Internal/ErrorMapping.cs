using Nano.Actors.Protocol;
using Nano.Gateway.JsonRpc;

namespace Nano.Gateway.Mcp.Internal;

/// <summary>The actors' error codes as the gateway's (see <see cref="JsonRpcErrorCodes"/>).</summary>
internal static class ErrorMapping
{
    public static int Code(NanoErrorCode code) => code switch
    {
        NanoErrorCode.QueueFull => JsonRpcErrorCodes.QueueFull,
        NanoErrorCode.ResourceExhausted => JsonRpcErrorCodes.ResourceExhausted,
        NanoErrorCode.ModelNotFound => JsonRpcErrorCodes.ModelNotFound,
        NanoErrorCode.ModelFailed => JsonRpcErrorCodes.ModelFailed,
        NanoErrorCode.Timeout => JsonRpcErrorCodes.Timeout,
        NanoErrorCode.Cancelled => JsonRpcErrorCodes.Cancelled,
        NanoErrorCode.RuntimeFault => JsonRpcErrorCodes.RuntimeFault,
        NanoErrorCode.BadRequest => JsonRpcErrorCodes.BadRequest,
        NanoErrorCode.NodeLost => JsonRpcErrorCodes.NodeLost,
        _ => JsonRpcErrorCodes.InternalError,
    };

    /// <summary>
    /// Refusals for lack of capacity (the request never ran; retry later with the same arguments) are JSON-RPC errors;
    /// everything the arguments or the model caused is an isError tool result the caller (or its LLM) can act on.
    /// </summary>
    public static bool IsProtocolError(NanoErrorCode code) => code is NanoErrorCode.QueueFull or NanoErrorCode.ResourceExhausted;

    public static string Name(int code) => JsonRpcErrorCodes.NanoName(code) ?? code switch
    {
        JsonRpcErrorCodes.InternalError => "INTERNAL",
        _ => code.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}

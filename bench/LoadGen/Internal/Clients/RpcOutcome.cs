using Nano.LoadGen.Internal.Json;

namespace Nano.LoadGen.Internal.Clients;

/// <summary>How a JSON-RPC answer to tools/call generate ends its request.</summary>
internal static class RpcOutcome
{
    public static (Outcome Outcome, ErrorKey Key) Of(in RpcMessage answer)
    {
        if (answer.HasError) return Classify(ErrorKey.JsonRpc(answer.ErrorCode));
        if (answer.IsToolError) return Classify(ErrorKey.Tool(answer.ToolErrorCode));
        return answer.HasResult ? (Outcome.Ok, default) : (Outcome.Error, ErrorKey.NoAnswer);
    }

    public static (Outcome Outcome, ErrorKey Key) Classify(ErrorKey key) => (key.IsShed ? Outcome.Shed : Outcome.Error, key);
}

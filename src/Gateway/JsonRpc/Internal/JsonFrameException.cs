namespace Nano.Gateway.JsonRpc.Internal;

/// <summary>Why a frame could not be loaded; becomes an error reply with a null id. Never leaves the codec.</summary>
internal sealed class JsonFrameException(int code, string message) : Exception(message)
{
    public int Code { get; } = code;
}

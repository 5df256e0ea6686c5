namespace Nano.Runtime.Isolation.Internal;

/// <summary>
/// Carries a failed call back to the parent: RkllmException keeps its function and code, a runtime fault keeps
/// its kind; anything else becomes an RkllmException of the called function, as the handle contract promises.
/// </summary>
internal static class ErrorCodec
{
    private const byte Rkllm = 1, Fault = 2, Other = 3;

    public static FrameWriter Error(this FrameWriter w, Exception e) => e switch
    {
        RkllmException r => w.Byte(Rkllm).String(r.Function).Int32(r.Code).String(BareMessage(r)),
        RuntimeFaultException f => w.Byte(Fault).Int32((int)f.Kind).String(f.Reason),
        _ => w.Byte(Other).String(e.GetType().Name).String(e.Message),
    };

    public static Exception ReadError(this ref FrameReader r, string function) => r.Byte() switch
    {
        Rkllm => new RkllmException(r.RequiredString(), r.Int32(), r.RequiredString()),
        Fault => new RuntimeFaultException((RuntimeFaultKind)r.Int32(), r.RequiredString()),
        Other => new RkllmException(function, -1, $"{r.RequiredString()}: {r.RequiredString()}"),
        var kind => throw new ProtocolException($"unknown error kind {kind}"),
    };

    /// <summary>RkllmException prefixes its message with function and code; send only the caller's text.</summary>
    private static string BareMessage(RkllmException e)
    {
        var prefix = $"{e.Function} failed ({e.Code}): ";
        return e.Message.StartsWith(prefix, StringComparison.Ordinal) ? e.Message[prefix.Length..] : e.Message;
    }
}

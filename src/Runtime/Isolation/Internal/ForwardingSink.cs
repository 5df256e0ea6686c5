namespace Nano.Runtime.Isolation.Internal;

/// <summary>Child side sink of one run: ships each result to the parent and returns the parent sink's answer.</summary>
internal sealed class ForwardingSink(FrameConnection connection, CallbackWaits waits, int runId) : IRkllmResultSink
{
    public RkllmCallbackAction OnResult(RkllmResult result)
    {
        var waiter = waits.Register(out var callbackId);
        if (waiter is null) return RkllmCallbackAction.Pause;
        try
        {
            connection.Send(FrameWriter.Start(MessageType.Result).Int32(runId).Int32(callbackId).Result(result));
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            waits.Cancel(callbackId);
            return RkllmCallbackAction.Pause;
        }
        return waiter.Wait();
    }
}

namespace Nano.Runtime.Isolation.Internal;

/// <summary>A call sent to the child, waiting for its Reply or Error frame (or for the channel to fault).</summary>
internal sealed class PendingCall(MessageType type)
{
    private readonly ManualResetEventSlim done = new(false, spinCount: 100);
    private byte[] payload = [];
    private Exception? error;

    public MessageType Type { get; } = type;

    public void Complete(ReadOnlySpan<byte> replyBody)
    {
        payload = replyBody.ToArray();
        done.Set();
    }

    public void Fail(Exception e)
    {
        error = e;
        done.Set();
    }

    /// <summary>False on timeout; otherwise the reply body, or the call's exception thrown.</summary>
    public bool TryWait(TimeSpan timeout, out byte[] reply)
    {
        reply = payload;
        if (!done.Wait(timeout)) return false;
        if (error is not null) throw error;
        reply = payload;
        return true;
    }
}

namespace Nano.Runtime.Isolation.Internal;

/// <summary>
/// Child side: notices the parent's death even if the socket does not (a wedged reader, an inherited
/// descriptor), by polling every half second that the parent pid still exists and is still our parent.
/// </summary>
internal sealed class ParentWatch : IDisposable
{
    private readonly int parentPid;
    private readonly bool isDirectParent;
    private readonly Action onGone;
    private readonly Timer timer;
    private int fired;

    public ParentWatch(int parentPid, Action onGone, TimeSpan? period = null)
    {
        this.parentPid = parentPid;
        this.onGone = onGone;
        // Started through a wrapper (a shell), our ppid is the wrapper: then only the pid check applies.
        isDirectParent = LibC.GetParentPid() == parentPid;
        var every = period ?? TimeSpan.FromMilliseconds(500);
        timer = new Timer(_ => Check(), null, TimeSpan.Zero, every);
    }

    public void Dispose() => timer.Dispose();

    private void Check()
    {
        var gone = !LibC.ProcessExists(parentPid) || (isDirectParent && LibC.GetParentPid() != parentPid);
        if (gone && Interlocked.Exchange(ref fired, 1) == 0) onGone();
    }
}

using System.Text;

namespace Nano.NodeHost.Tests.Cli;

/// <summary>
/// A thread-safe TextWriter for the CLI's output or error stream that lets a test await a piece of text
/// (bounded) instead of sleeping.
/// </summary>
internal sealed class CapturedWriter : TextWriter
{
    private readonly Lock _gate = new();
    private readonly StringBuilder _text = new();
    private readonly List<(string Marker, TaskCompletionSource Seen)> _waiters = [];

    public override Encoding Encoding => Encoding.UTF8;

    public string Text { get { lock (_gate) return _text.ToString(); } }

    public override void Write(char value) => Append(value.ToString());

    public override void Write(string? value) => Append(value ?? "");

    public override void WriteLine(string? value) => Append((value ?? "") + NewLine);

    public async Task WaitForAsync(string marker, TimeSpan timeout)
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (_text.ToString().Contains(marker, StringComparison.Ordinal)) return;
            _waiters.Add((marker, seen));
        }
        try { await seen.Task.WaitAsync(timeout); }
        catch (TimeoutException) { throw new TimeoutException($"'{marker}' not written within {timeout}; got:\n{Text}"); }
    }

    private void Append(string value)
    {
        lock (_gate)
        {
            _text.Append(value);
            var text = _text.ToString();
            foreach (var waiter in _waiters.Where(w => text.Contains(w.Marker, StringComparison.Ordinal)).ToArray())
            {
                waiter.Seen.TrySetResult();
                _waiters.Remove(waiter);
            }
        }
    }
}

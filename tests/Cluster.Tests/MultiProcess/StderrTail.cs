namespace Nano.Cluster.Tests.MultiProcess;

/// <summary>The last lines a child process wrote to stderr, kept to explain a failure.</summary>
internal sealed class StderrTail
{
    private const int Keep = 200;
    private readonly Lock _gate = new();
    private readonly Queue<string> _lines = new();

    public void Add(string line)
    {
        lock (_gate)
        {
            _lines.Enqueue(line);
            if (_lines.Count > Keep) _lines.Dequeue();
        }
    }

    public string Text { get { lock (_gate) return string.Join('\n', _lines); } }
}

namespace Nano.Gateway.Ollama.Internal;

/// <summary>
/// Ollama's <c>stop</c> option, applied to the token stream: text that could be the start of a stop sequence is
/// held back until it is known not to be; when a sequence appears, the text before it is the last output.
/// </summary>
internal sealed class StopSequences(IReadOnlyList<string> stops)
{
    private string _pending = "";

    public bool Stopped { get; private set; }

    /// <summary>The text that may be sent now.</summary>
    public string Feed(string text)
    {
        if (Stopped) return "";
        if (stops.Count == 0) return text;
        _pending += text;
        var cut = stops.Select(s => _pending.IndexOf(s, StringComparison.Ordinal)).Where(i => i >= 0).DefaultIfEmpty(-1).Min();
        if (cut >= 0)
        {
            Stopped = true;
            var before = _pending[..cut];
            _pending = "";
            return before;
        }
        var hold = stops.Max(s => Overlap(_pending, s));
        var ready = _pending[..^hold];
        _pending = _pending[^hold..];
        return ready;
    }

    /// <summary>What is still held back when the run ends without a stop sequence.</summary>
    public string Flush()
    {
        var rest = Stopped ? "" : _pending;
        _pending = "";
        return rest;
    }

    /// <summary>The longest suffix of <paramref name="text"/> that is a proper prefix of <paramref name="stop"/>.</summary>
    private static int Overlap(string text, string stop)
    {
        for (var n = Math.Min(text.Length, stop.Length - 1); n > 0; n--)
            if (text.AsSpan(text.Length - n).SequenceEqual(stop.AsSpan(0, n))) return n;
        return 0;
    }
}

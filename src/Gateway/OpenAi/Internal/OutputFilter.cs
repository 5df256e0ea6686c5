using System.Text;

namespace Nano.Gateway.OpenAi.Internal;

/// <summary>
/// Generated text as it arrives → what the client sees: text (strings) and <see cref="ToolCall"/>s. Holds back any
/// tail that may begin a stop sequence or a tool-call tag, so a stop sequence split across tokens is never forwarded;
/// after the first stop sequence <see cref="Stopped"/> is set and nothing more is emitted (the caller cancels the run).
/// </summary>
internal sealed class OutputFilter(IReadOnlyList<string> stops, bool tools)
{
    private readonly StringBuilder _pending = new();
    private bool _inCall;

    public bool Stopped { get; private set; }

    public IReadOnlyList<object> Push(string text)
    {
        if (Stopped) return [];
        // Nothing to watch for (no stop sequences, no tools): the text passes as it came, the per-token case.
        if (stops.Count == 0 && !tools) return text.Length > 0 ? [text] : [];
        _pending.Append(text);
        var events = new List<object>();
        while (Step(events)) { }
        return events;
    }

    /// <summary>The end of the output: whatever is held back is text (an unclosed tool-call block included).</summary>
    public IReadOnlyList<object> Finish()
    {
        if (Stopped || _pending.Length == 0) return [];
        var rest = (_inCall ? ToolCallParser.Open : "") + _pending;
        _pending.Clear();
        return [rest];
    }

    private bool Step(List<object> events)
    {
        var text = _pending.ToString();
        if (_inCall)
        {
            var close = text.IndexOf(ToolCallParser.Close, StringComparison.Ordinal);
            if (close < 0) return false;
            var block = text[..close];
            events.Add(ToolCallParser.Parse(block) ?? (object)(ToolCallParser.Open + block + ToolCallParser.Close));
            _pending.Remove(0, close + ToolCallParser.Close.Length);
            _inCall = false;
            return true;
        }

        var (at, marker) = Earliest(text);
        if (at >= 0)
        {
            if (at > 0) events.Add(text[..at]);
            _pending.Remove(0, at + marker!.Length);
            if (marker == ToolCallParser.Open && tools)
            {
                _inCall = true;
                return true;
            }
            Stopped = true;
            _pending.Clear();
            return false;
        }
        var hold = HeldTail(text);
        if (text.Length > hold) events.Add(text[..^hold]);
        _pending.Remove(0, text.Length - hold);
        return false;
    }

    private IEnumerable<string> Markers => tools ? stops.Append(ToolCallParser.Open) : stops;

    private (int At, string? Marker) Earliest(string text)
    {
        var (at, found) = (-1, (string?)null);
        foreach (var marker in Markers)
        {
            var i = text.IndexOf(marker, StringComparison.Ordinal);
            if (i >= 0 && (at < 0 || i < at)) (at, found) = (i, marker);
        }
        return (at, found);
    }

    /// <summary>The longest tail of <paramref name="text"/> that is a proper prefix of some marker.</summary>
    private int HeldTail(string text)
    {
        var hold = 0;
        foreach (var marker in Markers)
            for (var n = Math.Min(marker.Length - 1, text.Length); n > hold; n--)
                if (text.AsSpan(text.Length - n).SequenceEqual(marker.AsSpan(0, n)))
                {
                    hold = n;
                    break;
                }
        return hold;
    }
}

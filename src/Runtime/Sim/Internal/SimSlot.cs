namespace Nano.Runtime.Sim.Internal;

/// <summary>One batch slot (of n_batch): its KV cache and the sequence using it.</summary>
internal sealed class SimSlot(int index)
{
    public int Index { get; } = index;

    /// <summary>Positions in the KV cache.</summary>
    public int Kv { get; set; }

    /// <summary>Leading positions holding the system prompt (or a loaded prompt cache): kept when history is dropped.</summary>
    public int SystemKv { get; set; }

    /// <summary>Which system prompt version the leading positions hold; -1 for none.</summary>
    public int SystemVersion { get; set; } = -1;

    public SimSequence? Sequence { get; set; }

    /// <summary>True when the slot holds no conversation beyond an up-to-date system prompt.</summary>
    public bool NeedsSystemPrompt(int version) => Kv <= SystemKv && (SystemVersion != version || Kv < SystemKv);

    public void DropHistory() => Kv = Math.Min(Kv, SystemKv);

    public void Clear()
    {
        Kv = SystemKv = 0;
        SystemVersion = -1;
    }
}

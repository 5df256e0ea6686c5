namespace Nano.Runtime.Isolation.Internal;

/// <summary>Binary encoding of the token path (result callbacks) and of the runtime's self-description.</summary>
internal static class ResultCodec
{
    private const byte HasHidden = 1, HasLogits = 2, HasPerf = 4;

    public static FrameWriter Result(this FrameWriter w, RkllmResult r)
    {
        var flags = (byte)((r.HiddenLayer is null ? 0 : HasHidden) | (r.Logits is null ? 0 : HasLogits) | (r.Perf is null ? 0 : HasPerf));
        w.Byte((byte)r.State).String(r.Text).Int32(r.TokenId).Byte(flags);
        if (r.HiddenLayer is { } h) w.Floats(h.HiddenStates).Int32(h.EmbdSize).Int32(h.NumTokens);
        if (r.Logits is { } l) w.Floats(l.Values).Int32(l.VocabSize).Int32(l.NumTokens);
        if (r.Perf is { } p)
            w.Single(p.PrefillTimeMs).Int32(p.PrefillTokens).Single(p.GenerateTimeMs).Int32(p.GenerateTokens).Single(p.MemoryUsageMb);
        return w;
    }

    public static RkllmResult ReadResult(this ref FrameReader r)
    {
        var state = (RkllmCallState)r.Byte();
        var text = r.String();
        var token = r.Int32();
        var flags = r.Byte();
        var hidden = (flags & HasHidden) == 0 ? null : new RkllmHiddenLayer(r.Floats() ?? [], r.Int32(), r.Int32());
        var logits = (flags & HasLogits) == 0 ? null : new RkllmLogits(r.Floats() ?? [], r.Int32(), r.Int32());
        var perf = (flags & HasPerf) == 0 ? null : new RkllmPerfStats(r.Single(), r.Int32(), r.Single(), r.Int32(), r.Single());
        return new RkllmResult(state, text, token) { HiddenLayer = hidden, Logits = logits, Perf = perf };
    }

    public static FrameWriter Info(this FrameWriter w, RuntimeInfo info) =>
        w.Byte((byte)info.Kind).Int32((int)info.Abi).String(info.Version).String(info.Library).Bool(info.Isolated);

    public static RuntimeInfo ReadInfo(this ref FrameReader r) =>
        new((RuntimeKind)r.Byte(), (RkllmAbi)r.Int32(), r.RequiredString(), r.RequiredString(), r.Bool());
}

namespace Nano.Runtime.Isolation.Internal;

/// <summary>Binary encoding of what a run takes: the input union and the infer parameters.</summary>
internal static class InputCodec
{
    public static FrameWriter Input(this FrameWriter w, RkllmInput input)
    {
        w.Byte((byte)input.Type).String(input.Role).Bool(input.EnableThinking);
        return input switch
        {
            RkllmPromptInput p => w.String(p.Prompt),
            RkllmTokenInput t => w.Ints(t.TokenIds),
            RkllmEmbedInput e => w.Floats(e.Embed).Int32(e.NTokens),
            RkllmMultimodalInput m => w.String(m.Prompt).Image(m.Image).Video(m.Video),
            _ => throw new ArgumentException($"unknown input {input.GetType().Name}", nameof(input)),
        };
    }

    public static RkllmInput ReadInput(this ref FrameReader r)
    {
        var type = (RkllmInputType)r.Byte();
        var role = r.RequiredString();
        var thinking = r.Bool();
        RkllmInput input = type switch
        {
            RkllmInputType.Prompt => new RkllmPromptInput(r.RequiredString()),
            RkllmInputType.Token => new RkllmTokenInput(r.Ints() ?? []),
            RkllmInputType.Embed => new RkllmEmbedInput(r.Floats() ?? [], r.Int32()),
            RkllmInputType.Multimodal => new RkllmMultimodalInput(r.RequiredString(), r.ReadImage(), r.ReadVideo()),
            _ => throw new ProtocolException($"unknown input type {type}"),
        };
        return input with { Role = role, EnableThinking = thinking };
    }

    public static FrameWriter InferParams(this FrameWriter w, RkllmInferParams p)
    {
        w.Byte((byte)p.Mode).String(p.LoraAdapter).Bool(p.PromptCache is not null);
        if (p.PromptCache is { } cache) w.Bool(cache.Save).String(cache.Path);
        return w.Sampling(p.Sampling).Bool(p.KeepHistory).Int32(p.MaxNewTokens);
    }

    public static RkllmInferParams ReadInferParams(this ref FrameReader r) => new()
    {
        Mode = (RkllmInferMode)r.Byte(),
        LoraAdapter = r.String(),
        PromptCache = r.Bool() ? new RkllmPromptCacheParams(r.Bool(), r.RequiredString()) : null,
        Sampling = r.ReadSampling(),
        KeepHistory = r.Bool(),
        MaxNewTokens = r.Int32(),
    };

    private static FrameWriter Sampling(this FrameWriter w, RkllmSampling? s)
    {
        if (s is null) return w.Bool(false);
        return w.Bool(true).Int32(s.TopK).Single(s.TopP).Single(s.Temperature).Single(s.RepeatPenalty)
            .Single(s.FrequencyPenalty).Single(s.PresencePenalty).Int32(s.Mirostat).Single(s.MirostatTau).Single(s.MirostatEta);
    }

    private static RkllmSampling? ReadSampling(this ref FrameReader r) => !r.Bool() ? null : new RkllmSampling
    {
        TopK = r.Int32(),
        TopP = r.Single(),
        Temperature = r.Single(),
        RepeatPenalty = r.Single(),
        FrequencyPenalty = r.Single(),
        PresencePenalty = r.Single(),
        Mirostat = r.Int32(),
        MirostatTau = r.Single(),
        MirostatEta = r.Single(),
    };

    private static FrameWriter Image(this FrameWriter w, RkllmImage? i)
    {
        if (i is null) return w.Bool(false);
        return w.Bool(true).Floats(i.Embed).Int32(i.NImageTokens).Int32(i.NImage).Int32(i.Width).Int32(i.Height)
            .String(i.Start).String(i.End).String(i.Content);
    }

    private static RkllmImage? ReadImage(this ref FrameReader r)
    {
        if (!r.Bool()) return null;
        return new RkllmImage(r.Floats() ?? [], r.Int32(), r.Int32(), r.Int32(), r.Int32())
        {
            Start = r.String(),
            End = r.String(),
            Content = r.String(),
        };
    }

    private static FrameWriter Video(this FrameWriter w, RkllmVideo? v)
    {
        if (v is null) return w.Bool(false);
        return w.Bool(true).Floats(v.Embed).Int32(v.NFrameTokens).Int32(v.NFramePerVideo).Int32(v.NVideo)
            .Int32(v.FrameWidth).Int32(v.FrameHeight).String(v.Start).String(v.End).String(v.Content);
    }

    private static RkllmVideo? ReadVideo(this ref FrameReader r)
    {
        if (!r.Bool()) return null;
        return new RkllmVideo(r.Floats() ?? [], r.Int32(), r.Int32(), r.Int32(), r.Int32(), r.Int32())
        {
            Start = r.String(),
            End = r.String(),
            Content = r.String(),
        };
    }
}

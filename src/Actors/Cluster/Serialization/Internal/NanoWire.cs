using Akka.Actor;
using Nano.Actors.Protocol;
using Nano.Actors.Configuration;
using Nano.Runtime;

namespace Nano.Actors.Cluster.Serialization.Internal;

/// <summary>
/// The field layouts of the hot cross-node messages, in declaration order. Changing a layout changes the wire format
/// between nodes: all nodes of a cluster must run the same build (they already must: the messages are shared types).
/// </summary>
internal static class NanoWire
{
    public static void Write(WireWriter w, TokenChunk m)
    {
        w.String(m.RequestId);
        w.Int32(m.Index);
        w.String(m.Text);
        w.Int32(m.TokenId);
    }

    public static TokenChunk ReadTokenChunk(ref WireReader r) => new(r.RequiredString(), r.Int32(), r.RequiredString(), r.Int32());

    public static void Write(WireWriter w, Completed m)
    {
        w.String(m.RequestId);
        w.Byte((byte)m.Reason);
        w.Int32(m.Usage.PromptTokens);
        w.Int32(m.Usage.CompletionTokens);
        w.Bool(m.Perf is not null);
        if (m.Perf is { } p)
        {
            w.Single(p.PrefillTimeMs);
            w.Int32(p.PrefillTokens);
            w.Single(p.GenerateTimeMs);
            w.Int32(p.GenerateTokens);
            w.Single(p.MemoryUsageMb);
        }
        w.String(m.Origin.Node);
        w.String(m.Origin.ModelId);
        w.Int32(m.Origin.HandleId);
        w.String(m.Origin.Runtime);
        w.Bool(m.Origin.Simulated);
        w.Singles(m.Vectors);
        w.Int32(m.VectorWidth);
        w.Double(m.TimeToFirstTokenMs);
        w.Double(m.QueueWaitMs);
    }

    public static Completed ReadCompleted(ref WireReader r)
    {
        var requestId = r.RequiredString();
        var reason = (FinishReason)r.Byte();
        var usage = new Usage(r.Int32(), r.Int32());
        var perf = r.Bool() ? new RkllmPerfStats(r.Single(), r.Int32(), r.Single(), r.Int32(), r.Single()) : null;
        var origin = new RunOrigin(r.RequiredString(), r.RequiredString(), r.Int32(), r.RequiredString(), r.Bool());
        return new Completed(requestId, reason, usage, perf, origin)
        {
            Vectors = r.Singles(),
            VectorWidth = r.Int32(),
            TimeToFirstTokenMs = r.Double(),
            QueueWaitMs = r.Double(),
        };
    }

    public static void Write(WireWriter w, Failed m)
    {
        w.String(m.RequestId);
        w.Int32((int)m.Code);
        w.String(m.Message);
        w.Bool(m.Retriable);
    }

    public static Failed ReadFailed(ref WireReader r) => new(r.RequiredString(), (NanoErrorCode)r.Int32(), r.RequiredString(), r.Bool());

    public static void Write(WireWriter w, Rejected m)
    {
        w.String(m.RequestId);
        w.Int32((int)m.Code);
        w.String(m.Reason);
        w.NullableTime(m.RetryAfter);
    }

    public static Rejected ReadRejected(ref WireReader r) => new(r.RequiredString(), (NanoErrorCode)r.Int32(), r.RequiredString(), r.NullableTime());

    public static void Write(WireWriter w, GenerateRequest m, string replyTo)
    {
        w.String(m.RequestId);
        w.String(m.ModelId);
        WriteInput(w, m.Input);
        w.Int32((int)m.Mode);
        w.Bool(m.Sampling is not null);
        if (m.Sampling is { } s)
        {
            w.NullableInt32(s.TopK);
            w.NullableSingle(s.TopP);
            w.NullableSingle(s.Temperature);
            w.NullableSingle(s.RepeatPenalty);
            w.NullableSingle(s.FrequencyPenalty);
            w.NullableSingle(s.PresencePenalty);
        }
        w.NullableInt32(m.MaxNewTokens);
        w.String(m.LoraAdapter);
        w.String(m.PromptCache);
        w.String(m.SessionId);
        w.Byte((byte)m.Priority);
        w.NullableTime(m.Timeout);
        w.Bool(m.FunctionTools is not null);
        if (m.FunctionTools is { } tools)
        {
            w.String(tools.SystemPrompt);
            w.String(tools.ToolsJson);
            w.String(tools.ToolResponseStr);
        }
        w.String(replyTo);
    }

    public static GenerateRequest ReadGenerateRequest(ref WireReader r, Func<string, IActorRef> resolve)
    {
        var requestId = r.RequiredString();
        var modelId = r.RequiredString();
        var input = ReadInput(ref r);
        var mode = (RkllmInferMode)r.Int32();
        var sampling = r.Bool()
            ? new SamplingOverrides
            {
                TopK = r.NullableInt32(),
                TopP = r.NullableSingle(),
                Temperature = r.NullableSingle(),
                RepeatPenalty = r.NullableSingle(),
                FrequencyPenalty = r.NullableSingle(),
                PresencePenalty = r.NullableSingle(),
            }
            : null;
        return new GenerateRequest
        {
            RequestId = requestId,
            ModelId = modelId,
            Input = input,
            Mode = mode,
            Sampling = sampling,
            MaxNewTokens = r.NullableInt32(),
            LoraAdapter = r.String(),
            PromptCache = r.String(),
            SessionId = r.String(),
            Priority = (RequestPriority)r.Byte(),
            Timeout = r.NullableTime(),
            FunctionTools = r.Bool() ? new FunctionToolsDefinition(r.RequiredString(), r.RequiredString(), r.RequiredString()) : null,
            ReplyTo = resolve(r.RequiredString()),
        };
    }

    private static void WriteInput(WireWriter w, RkllmInput input)
    {
        w.Byte((byte)input.Type);
        w.String(input.Role);
        w.Bool(input.EnableThinking);
        switch (input)
        {
            case RkllmPromptInput p:
                w.String(p.Prompt);
                break;
            case RkllmTokenInput t:
                w.Int32s(t.TokenIds);
                break;
            case RkllmEmbedInput e:
                w.Singles(e.Embed);
                w.Int32(e.NTokens);
                break;
            case RkllmMultimodalInput mm:
                w.String(mm.Prompt);
                w.Bool(mm.Image is not null);
                if (mm.Image is { } image)
                {
                    w.Singles(image.Embed);
                    w.Int32(image.NImageTokens);
                    w.Int32(image.NImage);
                    w.Int32(image.Width);
                    w.Int32(image.Height);
                    WriteTags(w, image.Start, image.End, image.Content);
                }
                w.Bool(mm.Video is not null);
                if (mm.Video is { } video)
                {
                    w.Singles(video.Embed);
                    w.Int32(video.NFrameTokens);
                    w.Int32(video.NFramePerVideo);
                    w.Int32(video.NVideo);
                    w.Int32(video.FrameWidth);
                    w.Int32(video.FrameHeight);
                    WriteTags(w, video.Start, video.End, video.Content);
                }
                break;
            default:
                throw new ArgumentException($"no wire layout for input {input.GetType()}", nameof(input));
        }
    }

    private static RkllmInput ReadInput(ref WireReader r)
    {
        var type = (RkllmInputType)r.Byte();
        var role = r.RequiredString();
        var thinking = r.Bool();
        RkllmInput input = type switch
        {
            RkllmInputType.Prompt => new RkllmPromptInput(r.RequiredString()),
            RkllmInputType.Token => new RkllmTokenInput(r.Int32s() ?? []),
            RkllmInputType.Embed => new RkllmEmbedInput(r.Singles() ?? [], r.Int32()),
            RkllmInputType.Multimodal => ReadMultimodal(ref r),
            _ => throw new FormatException($"unknown input type {type}"),
        };
        return input with { Role = role, EnableThinking = thinking };
    }

    private static RkllmMultimodalInput ReadMultimodal(ref WireReader r)
    {
        var prompt = r.RequiredString();
        RkllmImage? image = null;
        if (r.Bool())
        {
            image = new RkllmImage(r.Singles() ?? [], r.Int32(), r.Int32(), r.Int32(), r.Int32());
            image = image with { Start = r.String(), End = r.String(), Content = r.String() };
        }
        RkllmVideo? video = null;
        if (r.Bool())
        {
            video = new RkllmVideo(r.Singles() ?? [], r.Int32(), r.Int32(), r.Int32(), r.Int32(), r.Int32());
            video = video with { Start = r.String(), End = r.String(), Content = r.String() };
        }
        return new RkllmMultimodalInput(prompt, image, video);
    }

    private static void WriteTags(WireWriter w, string? start, string? end, string? content)
    {
        w.String(start);
        w.String(end);
        w.String(content);
    }
}

using Microsoft.Extensions.Logging;

namespace Nano.Runtime.Sim.Internal;

/// <summary>
/// IRkllmHandle on the simulated NPU: validates calls like the runtime would, keeps the handle's bookkeeping
/// (LoRA adapters, prompt cache, templates, tools) and hands runs to its <see cref="SimEngine"/>.
/// </summary>
internal sealed partial class SimulatedHandle : IRkllmHandle
{
    private readonly object config = new();
    private readonly SimulatedBoard board;
    private readonly SimProfile profile;
    private readonly RkllmParams parameters;
    private readonly int seed;
    private readonly ILogger logger;
    private readonly SimInputMeter meter;
    private readonly SimEngine engine;
    private readonly Dictionary<string, RkllmLoraAdapter> loras = new(StringComparer.Ordinal);
    private SimTemplate template = new();
    private string? promptCachePath;
    private RkllmCrossAttnParams? crossAttn;
    private int disposed;

    public SimulatedHandle(RuntimeInfo info, SimulatedBoard board, SimProfile profile, RkllmParams parameters,
        RkllmInitOptions options, int seed, ILogger logger)
    {
        Info = info;
        this.board = board;
        this.profile = profile;
        this.parameters = parameters;
        this.seed = seed;
        this.logger = logger;
        meter = new SimInputMeter(options.Tokenizer);
        engine = new SimEngine(board, profile, parameters.Extend.NBatch, parameters.MaxContextLen,
            $"sim-npu {board.BoardType} {profile.Name}", logger);
    }

    public RuntimeInfo Info { get; }

    public SimProfile Profile => profile;

    public bool IsRunning => engine.IsRunning;

    public void Run(RkllmInput input, RkllmInferParams parameters, IRkllmResultSink sink)
    {
        const string fn = "rkllm_run";
        if (engine.IsWorkerThread)
            throw new RkllmException(fn, -1, "rkllm_run from inside a result callback would deadlock; use RunAsync");
        var request = Prepare(input, parameters, sink, fn);
        using var call = new SimRunCall();
        engine.Submit(request, sink, call, fn);
        call.Wait();
        if (call.Error is { } error) throw new RkllmException(fn, -1, error);
    }

    public void RunAsync(RkllmInput input, RkllmInferParams parameters, IRkllmResultSink sink)
    {
        const string fn = "rkllm_run_async";
        engine.Submit(Prepare(input, parameters, sink, fn), sink, null, fn);
    }

    public void Abort() => engine.Abort();

    public void ClearKvCache(bool keepSystemPrompt, int[]? startPos = null, int[]? endPos = null)
    {
        ThrowIfDisposed();
        engine.ClearKvCache(keepSystemPrompt, startPos, endPos);
    }

    public int[] GetKvCacheSizes()
    {
        ThrowIfDisposed();
        return engine.KvCacheSizes();
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0) return;
        engine.Dispose();
        board.ReleaseMemory(profile.MemoryMb);
        SimLog.HandleDestroyed(logger, profile.Name, board.BoardType, board.FreeMemoryMb);
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(Volatile.Read(ref disposed) != 0, this);

    /// <summary>Validates a run and sizes it; everything a real rkllm_run would refuse is refused here, on the caller's thread.</summary>
    private SimRunRequest Prepare(RkllmInput input, RkllmInferParams p, IRkllmResultSink sink, string fn)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(p);
        ArgumentNullException.ThrowIfNull(sink);
        ThrowIfDisposed();
        if (input.Role is not ("user" or "tool")) throw new RkllmException(fn, -1, $"role must be \"user\" or \"tool\", not \"{input.Role}\"");
        if (!Enum.IsDefined(p.Mode)) throw new RkllmException(fn, -1, $"unknown infer mode {(int)p.Mode}");
        if (p.PromptCache is { Save: true, Path: var path } && string.IsNullOrWhiteSpace(path))
            throw new RkllmException(fn, -1, "prompt cache saving needs a path");
        ValidateInput(input, fn);

        SimTemplate current;
        lock (config)
        {
            if (p.LoraAdapter is { } lora && !loras.ContainsKey(lora))
                throw new RkllmException(fn, -1, $"LoRA adapter '{lora}' is not loaded (loaded: {string.Join(", ", loras.Keys.DefaultIfEmpty("none"))})");
            current = template;
        }
        // max_new_tokens per run is a v1.3 field; v1.2 always uses the init value.
        var maxNew = Info.Abi == RkllmAbi.V1_3 && p.MaxNewTokens > 0 ? p.MaxNewTokens : parameters.MaxNewTokens;
        return new SimRunRequest(p.Mode, p.KeepHistory, maxNew, meter.Input(input, current),
            SimInputMeter.Hash(seed, input, p.LoraAdapter), p.PromptCache, SimToolCall.Script(current, input, p.Mode));
    }

    private void ValidateInput(RkllmInput input, string fn)
    {
        switch (input)
        {
            case RkllmPromptInput { Prompt: null }:
                throw new RkllmException(fn, -1, "prompt is null");
            case RkllmTokenInput t when t.TokenIds is null || t.TokenIds.Any(id => id < 0):
                throw new RkllmException(fn, -1, "token ids must be non-negative");
            case RkllmEmbedInput e when e.NTokens <= 0 || e.Embed is null || e.Embed.Length == 0 || e.Embed.Length % e.NTokens != 0:
                throw new RkllmException(fn, -1, "embed input needs n_tokens > 0 and n_tokens rows of equal width");
            case RkllmMultimodalInput m:
                if (!profile.IsVision)
                    throw new RkllmException(fn, -1, $"profile {profile.Name} is not a vision-language model; multimodal input needs one (e.g. qwen3-vl-2b)");
                if (m.Prompt is null) throw new RkllmException(fn, -1, "multimodal prompt is null");
                if (m.Image is { } i && (i.NImage <= 0 || i.NImageTokens <= 0 || i.Embed is null || i.Embed.Length % (i.NImage * i.NImageTokens) != 0))
                    throw new RkllmException(fn, -1, "image embed must hold n_image * n_image_tokens rows");
                if (m.Video is { } v)
                {
                    if (Info.Abi != RkllmAbi.V1_3) throw new RkllmException(fn, -1, "video input needs the v1.3 ABI");
                    var rows = v.NVideo * v.NFramePerVideo * v.NFrameTokens;
                    if (rows <= 0 || v.Embed is null || v.Embed.Length % rows != 0)
                        throw new RkllmException(fn, -1, "video embed must hold n_video * n_frame_per_video * n_frame_tokens rows");
                }
                break;
        }
    }
}

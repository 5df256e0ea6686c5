namespace Nano.Runtime.Isolation.Internal;

/// <summary>
/// The parent's proxy for a handle living in a child process: every call is a frame to the child.
/// Disposing it disposes the owner (the child session), which destroys the handle and reaps the child.
/// </summary>
internal sealed class IsolatedHandle(HostChannel channel, RuntimeInfo info, IDisposable owner) : IRkllmHandle
{
    private volatile bool disposed;

    public RuntimeInfo Info { get; } = info;

    public bool IsRunning => new FrameReader(Channel.Call(MessageType.IsRunning)).Bool();

    public void Run(RkllmInput input, RkllmInferParams parameters, IRkllmResultSink sink) =>
        Channel.Run(Checked(input), Checked(parameters), Checked(sink));

    public void RunAsync(RkllmInput input, RkllmInferParams parameters, IRkllmResultSink sink) =>
        Channel.RunAsync(Checked(input), Checked(parameters), Checked(sink));

    public void Abort() => Channel.Call(MessageType.Abort);

    public void LoadLora(RkllmLoraAdapter adapter)
    {
        ArgumentNullException.ThrowIfNull(adapter);
        Channel.Call(MessageType.LoadLora, w => w.String(adapter.Path).String(adapter.Name).Single(adapter.Scale));
    }

    public void LoadPromptCache(string path) =>
        Channel.Call(MessageType.LoadPromptCache, w => w.String(Checked(path)));

    public void ReleasePromptCache() => Channel.Call(MessageType.ReleasePromptCache);

    public void ClearKvCache(bool keepSystemPrompt, int[]? startPos = null, int[]? endPos = null) =>
        Channel.Call(MessageType.ClearKvCache, w => w.Bool(keepSystemPrompt).Ints(startPos, startPos is null).Ints(endPos, endPos is null));

    public int[] GetKvCacheSizes() => new FrameReader(Channel.Call(MessageType.GetKvCacheSizes)).Ints() ?? [];

    public void SetChatTemplate(string systemPrompt, string promptPrefix, string promptPostfix) =>
        Channel.Call(MessageType.SetChatTemplate, w => w.String(Checked(systemPrompt)).String(Checked(promptPrefix)).String(Checked(promptPostfix)));

    public void SetFunctionTools(string systemPrompt, string toolsJson, string toolResponseStr) =>
        Channel.Call(MessageType.SetFunctionTools, w => w.String(Checked(systemPrompt)).String(Checked(toolsJson)).String(Checked(toolResponseStr)));

    public void SetCrossAttnParams(RkllmCrossAttnParams parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        Channel.Call(MessageType.SetCrossAttnParams, w => w.Floats(parameters.EncoderKCache).Floats(parameters.EncoderVCache)
            .Floats(parameters.EncoderMask).Ints(parameters.EncoderPos).Int32(parameters.NumTokens));
    }

    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        owner.Dispose();
    }

    private HostChannel Channel
    {
        get
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            return channel;
        }
    }

    private static T Checked<T>(T value) where T : class
    {
        ArgumentNullException.ThrowIfNull(value);
        return value;
    }
}

using Nano.LoadGen.Internal.Json;

namespace Nano.LoadGen.Internal.Clients;

/// <summary>
/// MCP Streamable HTTP (/mcp) in a legacy session: initialize opens it and names it (Mcp-Session-Id), every call is a
/// POST carrying it; the answer is JSON, or SSE when progress came first. DELETE ends the session at the end.
/// </summary>
internal sealed class McpHttpLoadClient(LoadContext context) : HttpLoadClient(context)
{
    private const string SessionHeader = "Mcp-Session-Id";
    private string? _session;

    public override async Task ConnectAsync(CancellationToken ct)
    {
        using (var initialize = Post(Frames.Initialize(0)))
        using (var answer = await Http.SendAsync(initialize, ct).ConfigureAwait(false))
        {
            if (!answer.IsSuccessStatusCode) throw new LoadGenException($"initialize over {Context.Target.Display} answered HTTP {(int)answer.StatusCode}");
            _session = answer.Headers.TryGetValues(SessionHeader, out var values) ? values.FirstOrDefault() : null;
            if (_session is null) throw new LoadGenException($"initialize over {Context.Target.Display} opened no session (no {SessionHeader} header)");
        }
        using var initialized = Post(Frames.Initialized);
        using var accepted = await Http.SendAsync(initialized, ct).ConfigureAwait(false);
        if (!accepted.IsSuccessStatusCode) throw new LoadGenException($"notifications/initialized answered HTTP {(int)accepted.StatusCode}");
    }

    protected override HttpRequestMessage Request(Call call)
    {
        // A body per request: the handler may still read it after the answer's headers arrived.
        var body = new byte[Context.Frames.MaxGenerateLength];
        return Post(body.AsMemory(0, Context.Frames.WriteGenerate(body, call.Id)));
    }

    private HttpRequestMessage Post(ReadOnlyMemory<byte> body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, Context.Target.Uri) { Content = Json(body) };
        request.Headers.TryAddWithoutValidation("Accept", "application/json, text/event-stream");
        if (_session is null) return request;
        request.Headers.TryAddWithoutValidation(SessionHeader, _session);
        request.Headers.TryAddWithoutValidation("MCP-Protocol-Version", Frames.ProtocolVersion);
        return request;
    }

    protected override bool OnData(Call call, ReadOnlySpan<byte> data, long now)
    {
        if (!RpcScanner.TryScan(data, out var message)) return false;
        if (message.IsProgress)
        {
            if (message.HasProgressToken && message.ProgressToken == call.Id) Context.Recorder.Event(call, now);
            return false;
        }
        if (!message.HasId || message.Id != call.Id) return false;
        Answer(call, message);
        return true;
    }

    protected override void OnBody(Call call, ReadOnlySpan<byte> body)
    {
        if (RpcScanner.TryScan(body, out var message) && message.HasId && message.Id == call.Id) Answer(call, message);
        else End(call, Outcome.Error, ErrorKey.NoAnswer);
    }

    private void Answer(Call call, in RpcMessage message)
    {
        call.Tokens = message.CompletionTokens;
        var (outcome, key) = RpcOutcome.Of(message);
        End(call, outcome, key, message.RetryAfter);
    }

    public override async ValueTask DisposeAsync()
    {
        if (_session is null) return;
        using var end = new HttpRequestMessage(HttpMethod.Delete, Context.Target.Uri);
        end.Headers.TryAddWithoutValidation(SessionHeader, _session);
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            using var _ = await Http.SendAsync(end, bound.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or OperationCanceledException)
        {
            // The session expires on the server by itself.
        }
    }
}

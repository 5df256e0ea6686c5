using Nano.LoadGen.Internal.Json;

namespace Nano.LoadGen.Internal.Clients;

/// <summary>
/// POST /v1/chat/completions with the same body every time: streamed, each chunk with content is a token event and
/// the usage chunk (stream_options.include_usage) gives the count; otherwise usage of the one JSON answer.
/// </summary>
internal sealed class OpenAiLoadClient(LoadContext context) : HttpLoadClient(context)
{
    /// <summary>No handshake in this API: GET /v1/models checks the target and opens a pooled connection.</summary>
    public override async Task ConnectAsync(CancellationToken ct)
    {
        var models = new UriBuilder(Context.Target.Uri!) { Path = "/v1/models" }.Uri;
        using var answer = await Http.GetAsync(models, ct).ConfigureAwait(false);
        if (!answer.IsSuccessStatusCode) throw new LoadGenException($"GET {models} answered HTTP {(int)answer.StatusCode}");
    }

    protected override HttpRequestMessage Request(Call call) =>
        new(HttpMethod.Post, Context.Target.Uri) { Content = Json(Context.Frames.OpenAiBody) };

    protected override bool OnData(Call call, ReadOnlySpan<byte> data, long now)
    {
        if (data.SequenceEqual("[DONE]"u8))
        {
            End(call, Outcome.Ok);
            return true;
        }
        if (!OpenAiScanner.TryScan(data, out var chunk)) return false;
        if (chunk.HasError)
        {
            End(call, Outcome.Error, ErrorKey.ErrorEvent);
            return true;
        }
        if (chunk.HasContent) Context.Recorder.Event(call, now);
        if (chunk.HasUsage) call.Tokens = chunk.CompletionTokens;
        return false;
    }

    protected override void OnBody(Call call, ReadOnlySpan<byte> body)
    {
        if (!OpenAiScanner.TryScan(body, out var completion)) End(call, Outcome.Error, ErrorKey.NoAnswer);
        else if (completion.HasError) End(call, Outcome.Error, ErrorKey.ErrorEvent);
        else
        {
            call.Tokens = completion.CompletionTokens;
            End(call, Outcome.Ok);
        }
    }
}

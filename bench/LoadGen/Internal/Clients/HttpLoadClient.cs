using System.Buffers;

namespace Nano.LoadGen.Internal.Clients;

/// <summary>
/// The transports where each request is its own HTTP exchange (MCP Streamable HTTP, OpenAI): the exchange reads its
/// answer as SSE events (a line reader over the response) or as one JSON body, whichever the server chose.
/// Timeouts and the run's end cancel the exchange.
/// </summary>
internal abstract class HttpLoadClient(LoadContext context) : LoadClient(context)
{
    protected HttpClient Http => Context.Http;

    protected override ValueTask SendAsync(Call call)
    {
        _ = ExchangeAsync(call);
        return ValueTask.CompletedTask;
    }

    protected abstract HttpRequestMessage Request(Call call);

    /// <summary>One SSE data payload of the call's answer; true when it ended the call.</summary>
    protected abstract bool OnData(Call call, ReadOnlySpan<byte> data, long now);

    /// <summary>A whole JSON answer.</summary>
    protected abstract void OnBody(Call call, ReadOnlySpan<byte> body);

    protected static HttpContent Json(ReadOnlyMemory<byte> body)
    {
        var content = new ReadOnlyMemoryContent(body);
        content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
        return content;
    }

    private async Task ExchangeAsync(Call call)
    {
        var abort = new CancellationTokenSource();
        call.Abort = abort;
        if (call.Ended) return; // timed out or abandoned before it had a way to be cancelled
        try
        {
            using var request = Request(call);
            using var response = await Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, abort.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                var (outcome, key) = RpcOutcome.Classify(ErrorKey.Http((int)response.StatusCode));
                End(call, outcome, key, response.Headers.RetryAfter is not null);
                return;
            }
            await using var body = await response.Content.ReadAsStreamAsync(abort.Token).ConfigureAwait(false);
            if (response.Content.Headers.ContentType?.MediaType == "text/event-stream") await ReadEventsAsync(call, body, abort.Token).ConfigureAwait(false);
            else await ReadBodyAsync(call, body, abort.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (abort.IsCancellationRequested)
        {
            // Ended by its timeout or by the end of the run, which recorded it.
        }
        catch (Exception)
        {
            // Nobody awaits an exchange: whatever failed it (connection refused or reset, a malformed answer the
            // handler rejects) ends its request as an I/O error rather than leaving it to the timeout.
            End(call, Outcome.Error, ErrorKey.Io);
        }
    }

    private async Task ReadEventsAsync(Call call, Stream body, CancellationToken ct)
    {
        using var lines = new LineReader((buffer, token) => body.ReadAsync(buffer, token), 4096);
        while (await lines.ReadLineAsync(ct).ConfigureAwait(false) is { } line)
        {
            // Both servers write each event's JSON on one data line; id:, event: and the blank separator are skipped.
            var span = line.Span;
            if (!span.StartsWith("data:"u8)) continue;
            span = span[5..];
            if (span is [(byte)' ', ..]) span = span[1..];
            if (span.IsEmpty) continue; // an SSE priming event (an id with empty data)
            if (OnData(call, span, Ticks.Now)) return;
        }
        End(call, Outcome.Error, ErrorKey.NoAnswer);
    }

    private async Task ReadBodyAsync(Call call, Stream body, CancellationToken ct)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(4096);
        try
        {
            var filled = 0;
            int read;
            do
            {
                if (filled == buffer.Length) PooledBytes.Grow(ref buffer, filled);
                read = await body.ReadAsync(buffer.AsMemory(filled), ct).ConfigureAwait(false);
                filled += read;
            }
            while (read > 0);
            OnBody(call, buffer.AsSpan(0, filled));
        }
        finally
        {
            PooledBytes.Return(ref buffer);
        }
    }

    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

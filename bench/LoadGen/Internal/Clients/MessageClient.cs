using System.Buffers;
using Nano.LoadGen.Internal.Json;

namespace Nano.LoadGen.Internal.Clients;

/// <summary>
/// The transports that carry JSON-RPC messages both ways on one connection (tcp, ws, udp): writes are serialised by
/// a lock, one reader per connection matches answers to requests by id and progress notifications by their token
/// (the request's id), scanning the received bytes in place.
/// </summary>
internal abstract class MessageClient(LoadContext context) : LoadClient(context)
{
    private const long InitializeId = 0;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private Task _reader = Task.CompletedTask;

    /// <summary>Bytes that end each message on the wire (the newline of TCP framing).</summary>
    protected virtual ReadOnlySpan<byte> Delimiter => [];

    /// <summary>UDP: initialize is sent again after this long without an answer.</summary>
    protected virtual TimeSpan? HandshakeResend => null;

    protected abstract Task OpenAsync(CancellationToken ct);

    protected abstract ValueTask WriteFrameAsync(ReadOnlyMemory<byte> frame, CancellationToken ct);

    /// <summary>The next message, valid until the next call; null when the connection ended.</summary>
    protected abstract ValueTask<ReadOnlyMemory<byte>?> ReadMessageAsync(CancellationToken ct);

    /// <summary>Closes the connection, which ends the reader.</summary>
    protected abstract void Close();

    /// <summary>Returns pooled buffers, once the reader has stopped.</summary>
    protected virtual void Release()
    {
    }

    public override async Task ConnectAsync(CancellationToken ct)
    {
        await OpenAsync(ct).ConfigureAwait(false);
        await InitializeAsync(ct).ConfigureAwait(false);
        await WriteAsync(Frames.Initialized, ct).ConfigureAwait(false);
        _reader = Task.Run(ReadLoopAsync, CancellationToken.None);
    }

    private async Task InitializeAsync(CancellationToken ct)
    {
        var frame = Frames.Initialize(InitializeId);
        while (true)
        {
            await WriteAsync(frame, ct).ConfigureAwait(false);
            using var attempt = CancellationTokenSource.CreateLinkedTokenSource(ct);
            if (HandshakeResend is { } resend) attempt.CancelAfter(resend);
            try
            {
                while (true)
                {
                    var message = await ReadMessageAsync(attempt.Token).ConfigureAwait(false)
                        ?? throw new IOException("the server closed the connection during initialize");
                    if (!RpcScanner.TryScan(message.Span, out var answer) || !answer.HasId || answer.Id != InitializeId) continue;
                    if (answer.HasError) throw new LoadGenException($"initialize was refused with JSON-RPC error {answer.ErrorCode}");
                    return;
                }
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                // No answer within the resend interval (a lost datagram): send initialize again.
            }
        }
    }

    protected override ValueTask SendAsync(Call call) => WriteGenerateAsync(call.Id, CancellationToken.None);

    private async ValueTask WriteGenerateAsync(long id, CancellationToken ct)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Context.Frames.MaxGenerateLength + Delimiter.Length);
        try
        {
            var length = Context.Frames.WriteGenerate(buffer, id);
            length += Delimit(buffer, length);
            await WriteLockedAsync(buffer.AsMemory(0, length), ct).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>A whole frame (handshake, cancellation) with its delimiter.</summary>
    protected async ValueTask WriteAsync(byte[] frame, CancellationToken ct)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(frame.Length + Delimiter.Length);
        try
        {
            frame.CopyTo(buffer, 0);
            var length = frame.Length + Delimit(buffer, frame.Length);
            await WriteLockedAsync(buffer.AsMemory(0, length), ct).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private int Delimit(byte[] buffer, int at)
    {
        Delimiter.CopyTo(buffer.AsSpan(at));
        return Delimiter.Length;
    }

    private async ValueTask WriteLockedAsync(ReadOnlyMemory<byte> frame, CancellationToken ct)
    {
        await _writeLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            await WriteFrameAsync(frame, ct).ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private async Task ReadLoopAsync()
    {
        try
        {
            while (await ReadMessageAsync(_stop.Token).ConfigureAwait(false) is { } message)
                OnMessage(message.Span);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException
                                      or System.Net.Sockets.SocketException or System.Net.WebSockets.WebSocketException)
        {
            // The connection ended: below, its waiting requests fail (or are abandoned when the run closed it).
        }
        Lost();
    }

    private void OnMessage(ReadOnlySpan<byte> json)
    {
        var now = Ticks.Now;
        if (!RpcScanner.TryScan(json, out var message)) return;
        if (message.IsProgress)
        {
            if (message.HasProgressToken && Find(message.ProgressToken) is { } streaming)
            {
                Context.Recorder.Event(streaming, now);
                streaming.LastActivityAt = now;
            }
            else Context.Recorder.Late();
            return;
        }
        if (!message.HasId || message.Id == InitializeId) return; // a log notification, or a repeated initialize answer (UDP)
        if (Take(message.Id) is not { } call)
        {
            Context.Recorder.Late();
            return;
        }
        call.Tokens = message.CompletionTokens;
        var (outcome, key) = RpcOutcome.Of(message);
        Context.Recorder.End(call, outcome, key, message.RetryAfter);
    }

    /// <summary>A timed-out request is cancelled on the server, as the spec asks of a client that gives up.</summary>
    protected override void GaveUp(Call call) => _ = CancelAsync(call.Id);

    private async Task CancelAsync(long id)
    {
        try
        {
            await WriteAsync(Frames.Cancelled(id), _stop.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException
                                      or System.Net.Sockets.SocketException or System.Net.WebSockets.WebSocketException or InvalidOperationException)
        {
            // The connection is going or gone; the server cancels the runs of a closed connection itself.
        }
    }

    /// <summary>Sends a waiting request again with the same id (UDP retry; nano runs an id once).</summary>
    protected async Task ResendAsync(Call call)
    {
        try
        {
            await WriteGenerateAsync(call.Id, _stop.Token).ConfigureAwait(false);
            Context.Recorder.Retransmitted();
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException or System.Net.Sockets.SocketException)
        {
            // Closing: the request ends with the run.
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        Close();
        try
        {
            await _reader.WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
            Release();
        }
        catch (TimeoutException)
        {
            // A reader stuck in a read keeps its buffer: leaked to the GC rather than returned while in use.
        }
    }
}

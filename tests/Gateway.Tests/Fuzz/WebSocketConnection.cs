using System.Net.WebSockets;
using System.Text.Unicode;

namespace Nano.Gateway.Tests.Fuzz;

/// <summary>
/// /ws: each frame one message — text (whole or in 2-4 fragments), or binary (always for invalid UTF-8, which
/// RFC 6455 says ends a text connection, and sometimes for valid frames); messages past the limit included.
/// Sent back to back while a reader takes every answer.
/// </summary>
public sealed class WebSocketConnection : FuzzConnection
{
    private readonly ClientWebSocket _socket = new();
    private readonly CancellationTokenSource _stop = new();
    private Task _reading = Task.CompletedTask;

    private WebSocketConnection(FrameOracle oracle, AnswerLedger ledger) : base(oracle, ledger) => _socket.Options.AddSubProtocol("mcp");

    public static async Task<WebSocketConnection> ConnectAsync(Uri uri, FrameOracle oracle, AnswerLedger ledger)
    {
        var connection = new WebSocketConnection(oracle, ledger);
        await connection._socket.ConnectAsync(uri, CancellationToken.None);
        connection._reading = Task.Run(connection.ReadAsync);
        return connection;
    }

    public override async Task SendFramesAsync(IReadOnlyList<byte[]> frames, Random random, CancellationToken ct)
    {
        foreach (var frame in frames)
        {
            if (!Utf8.IsValid(frame) || random.Next(25) == 0)
            {
                Ledger.Expect(new Expected.Answer("null"));
                await _socket.SendAsync(frame, WebSocketMessageType.Binary, true, ct);
                continue;
            }
            Ledger.Expect(Oracle.ForMessage(frame));
            if (frame.Length < 2 || random.Next(5) != 0)
            {
                await _socket.SendAsync(frame, WebSocketMessageType.Text, true, ct);
                continue;
            }
            // Fragments may cut a UTF-8 sequence: only the whole message has to be valid.
            var cuts = Enumerable.Range(0, random.Next(1, 4)).Select(_ => random.Next(1, frame.Length)).Distinct().Order().ToList();
            var from = 0;
            foreach (var cut in cuts.Append(frame.Length))
            {
                await _socket.SendAsync(frame.AsMemory(from, cut - from), WebSocketMessageType.Text, cut == frame.Length, ct);
                from = cut;
            }
        }
    }

    protected override async Task SendAsync(byte[] frame, CancellationToken ct) => await _socket.SendAsync(frame, WebSocketMessageType.Text, true, ct);

    private async Task ReadAsync()
    {
        var buffer = new byte[1024 * 1024];
        try
        {
            while (true)
            {
                var length = 0;
                ValueWebSocketReceiveResult result;
                do
                {
                    result = await _socket.ReceiveAsync(buffer.AsMemory(length), _stop.Token);
                    length += result.Count;
                }
                while (!result.EndOfMessage);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    Ledger.Receive($"(the server closed the socket: {_socket.CloseStatus} {_socket.CloseStatusDescription})");
                    return;
                }
                OnReceived(buffer.AsSpan(0, length));
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
        }
    }

    public override async ValueTask DisposeAsync()
    {
        using (var closing = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
        {
            try
            {
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "done", closing.Token);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException)
            {
            }
        }
        await _stop.CancelAsync();
        await _reading.WaitAsync(TimeSpan.FromSeconds(10));
        _socket.Dispose();
    }
}

using System.Net;
using System.Net.Sockets;

namespace Nano.Gateway.Tests.Fuzz;

/// <summary>
/// One UDP peer: each frame one datagram (empty ones, and ones past the datagram limit, included). Datagrams go out
/// in windows of 64, each closed by a ping whose answer says the node has read them, so a burst never outruns the
/// receive buffers (loopback drops nothing else). Retried ids may be merged (nano's UDP retry rule).
/// </summary>
public sealed class DatagramConnection : FuzzConnection
{
    private const int Window = 64;
    private const int MaxPayload = 65507;
    private readonly UdpClient _udp;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _reading;

    public DatagramConnection(IPEndPoint server, FrameOracle oracle, AnswerLedger ledger) : base(oracle, ledger)
    {
        _udp = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        _udp.Client.ReceiveBufferSize = 8 * 1024 * 1024;
        _udp.Connect(server);
        _reading = Task.Run(ReadAsync);
    }

    public override async Task SendFramesAsync(IReadOnlyList<byte[]> frames, Random random, CancellationToken ct)
    {
        for (var i = 0; i < frames.Count; i++)
        {
            var frame = frames[i].Length > MaxPayload ? frames[i][..MaxPayload] : frames[i];
            Ledger.Expect(Oracle.ForMessage(frame));
            await SendAsync(frame, ct);
            if (i % Window == Window - 1) await PingAsync($"fz-window-{i}", TransportFuzz.Settle);
        }
    }

    protected override async Task SendAsync(byte[] frame, CancellationToken ct) => await _udp.SendAsync(frame, ct);

    private async Task ReadAsync()
    {
        try
        {
            while (true)
            {
                var received = await _udp.ReceiveAsync(_stop.Token);
                OnReceived(received.Buffer);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _udp.Dispose();
        await _reading.WaitAsync(TimeSpan.FromSeconds(10));
    }
}

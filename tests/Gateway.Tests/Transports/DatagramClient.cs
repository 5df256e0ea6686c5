using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Nano.Gateway.Tests.Transports;

/// <summary>One UDP peer: each frame a datagram to the node, each datagram back a frame.</summary>
public sealed class DatagramClient : IFrameClient
{
    private readonly UdpClient _udp;

    public DatagramClient(IPEndPoint server)
    {
        _udp = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        _udp.Connect(server);
    }

    public Task SendAsync(string json) => SendFrameAsync(Encoding.UTF8.GetBytes(json));

    public async Task SendFrameAsync(byte[] frame) => await _udp.SendAsync(frame);

    public async Task<JToken> ReadAsync(TimeSpan timeout) => JToken.Parse(Encoding.UTF8.GetString(await ReadBytesAsync(timeout)));

    public async Task<byte[]> ReadBytesAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            return (await _udp.ReceiveAsync(cts.Token)).Buffer;
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"no datagram within {timeout}");
        }
    }

    public ValueTask DisposeAsync()
    {
        _udp.Dispose();
        return ValueTask.CompletedTask;
    }
}

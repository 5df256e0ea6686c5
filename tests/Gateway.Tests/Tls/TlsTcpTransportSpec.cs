using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using Nano.Gateway.Hosting;
using Nano.Gateway.Tests.Transports;
using Nano.Gateway.Transports.Tcp;

namespace Nano.Gateway.Tests.Tls;

/// <summary>
/// MCP over TCP with nano.gateway.tls: every transport scenario of <see cref="TransportSpecBase"/> runs through an
/// SslStream that trusts only the runtime-generated self-signed certificate; plain text on the TLS port is refused.
/// </summary>
public sealed class TlsTcpTransportSpec : TransportSpecBase, IClassFixture<SelfSignedCertificate>
{
    private readonly SelfSignedCertificate _certificate;
    private readonly IPEndPoint _endpoint;

    public TlsTcpTransportSpec(ITestOutputHelper output, SelfSignedCertificate certificate) : base(output, new GatewaySettings { Tls = certificate.Settings })
    {
        _certificate = certificate;
        var socket = TcpListenerActor.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _endpoint = (IPEndPoint)socket.LocalEndPoint!;
        Sys.ActorOf(TcpListenerActor.Props(socket, Context, Context.Settings.Tls.Load()), "tcp-tls");
    }

    protected override Task<IFrameClient> ConnectAsync() => ConnectTlsAsync();

    private async Task<IFrameClient> ConnectTlsAsync()
    {
        var tcp = new TcpClient { NoDelay = true };
        await tcp.ConnectAsync(_endpoint);
        var ssl = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false, _certificate.Callback);
        using var timeout = new CancellationTokenSource(Bounded);
        await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "localhost" }, timeout.Token);
        return new LineClient(ssl, ssl, new Owner(ssl, tcp));
    }

    [Fact]
    public async Task Initialize_and_generate_round_trip_over_tls()
    {
        await using var client = await ConnectTlsAsync();
        await InitializeAsync(client, 1);
        await client.SendAsync(Generate(2, "Hello over TLS", 4));
        var (response, _) = await ResponseAsync(client, 2);
        Assert.False((bool)response["result"]!["isError"]!);
        Assert.False(string.IsNullOrEmpty((string?)response["result"]!["structuredContent"]!["text"]));
    }

    [Fact]
    public async Task A_plain_text_client_on_the_tls_port_is_closed_and_the_port_keeps_serving_tls()
    {
        using (var plain = new TcpClient())
        {
            await plain.ConnectAsync(_endpoint);
            var stream = plain.GetStream();
            await stream.WriteAsync(Encoding.UTF8.GetBytes(Initialize(1) + "\n"));
            // The server takes the JSON for a broken ClientHello: it answers no JSON-RPC and closes the connection.
            var buffer = new byte[4096];
            using var timeout = new CancellationTokenSource(Bounded);
            var received = new MemoryStream();
            try
            {
                int read;
                while ((read = await stream.ReadAsync(buffer, timeout.Token)) > 0) received.Write(buffer, 0, read);
            }
            catch (IOException)
            {
                // A reset is as good as a close.
            }
            Assert.DoesNotContain("jsonrpc", Encoding.Latin1.GetString(received.ToArray()));
        }

        await using var client = await ConnectTlsAsync();
        await InitializeAsync(client, 2);
    }

    [Fact]
    public async Task A_client_that_does_not_trust_the_certificate_fails_its_handshake()
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(_endpoint);
        await using var ssl = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false);
        using var timeout = new CancellationTokenSource(Bounded);
        await Assert.ThrowsAsync<System.Security.Authentication.AuthenticationException>(() =>
            ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "localhost" }, timeout.Token));
    }

    private sealed class Owner(SslStream ssl, TcpClient tcp) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await ssl.DisposeAsync();
            tcp.Dispose();
        }
    }
}

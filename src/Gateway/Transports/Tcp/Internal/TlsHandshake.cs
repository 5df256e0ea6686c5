using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace Nano.Gateway.Transports.Tcp.Internal;

/// <summary>
/// The server side of a TLS handshake on an accepted TCP socket, bounded in time, so that the line pump only ever
/// sees the decrypted stream. A client that speaks plain text, stalls or offers nothing acceptable is dropped here.
/// </summary>
internal static class TlsHandshake
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <returns>The authenticated stream (owning a NetworkStream over the socket, not the socket itself).</returns>
    /// <exception cref="AuthenticationException">the handshake failed.</exception>
    /// <exception cref="IOException">the connection broke or the handshake timed out.</exception>
    public static async Task<SslStream> AcceptAsync(Socket socket, X509Certificate2 certificate, CancellationToken cancel)
    {
        var ssl = new SslStream(new NetworkStream(socket, ownsSocket: false), leaveInnerStreamOpen: false);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        timeout.CancelAfter(Timeout);
        try
        {
            await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
            {
                ServerCertificate = certificate,
                ClientCertificateRequired = false,
                // The OS's defaults (TLS 1.2 and 1.3 on current systems), never anything it considers weak.
                EnabledSslProtocols = SslProtocols.None,
            }, timeout.Token).ConfigureAwait(false);
            return ssl;
        }
        catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
        {
            await ssl.DisposeAsync().ConfigureAwait(false);
            throw new IOException($"no TLS handshake within {Timeout.TotalSeconds:0} s");
        }
        catch
        {
            await ssl.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}

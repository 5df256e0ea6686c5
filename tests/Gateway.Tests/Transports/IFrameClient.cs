namespace Nano.Gateway.Tests.Transports;

/// <summary>A raw client of one transport: frames out as text or bytes, frames in as JSON.</summary>
public interface IFrameClient : IAsyncDisposable
{
    Task SendAsync(string json);

    /// <summary>Sends arbitrary bytes as one frame (line transports replace newlines inside it, so it stays one line).</summary>
    Task SendFrameAsync(byte[] frame);

    /// <summary>The next frame, or a TimeoutException after <paramref name="timeout"/>.</summary>
    Task<JToken> ReadAsync(TimeSpan timeout);
}

using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Text;

namespace Nano.EchoServer;

/// <summary>
/// One connection: a single loop reads lines, answers each in order into a buffered writer, and flushes once per
/// read (so a burst of progress costs one send, as nano's write loop batches its queue).
/// </summary>
internal static class EchoConnection
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public static async Task ServeAsync(Socket socket, CancellationToken cancel)
    {
        await using var stream = new NetworkStream(socket, ownsSocket: true);
        var reader = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 64 * 1024, leaveOpen: true));
        await using var output = new StreamWriter(stream, Utf8, bufferSize: 64 * 1024, leaveOpen: true);
        try
        {
            while (true)
            {
                var read = await reader.ReadAsync(cancel);
                var buffer = read.Buffer;
                while (buffer.PositionOf((byte)'\n') is { } newline)
                {
                    EchoAnswers.Answer(Utf8.GetString(buffer.Slice(0, newline)), output);
                    buffer = buffer.Slice(buffer.GetPosition(1, newline));
                }
                if (read.IsCompleted)
                {
                    if (!buffer.IsEmpty) EchoAnswers.Answer(Utf8.GetString(buffer), output);
                    await output.FlushAsync(cancel);
                    return;
                }
                reader.AdvanceTo(buffer.Start, buffer.End);
                await output.FlushAsync(cancel);
            }
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The peer went away or the server stops: nothing to answer.
        }
        finally
        {
            await reader.CompleteAsync();
        }
    }
}

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
        try
        {
            await using var stream = new NetworkStream(socket, ownsSocket: true);
            await using var output = new StreamWriter(stream, Utf8, bufferSize: 64 * 1024, leaveOpen: true);
            var reader = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 64 * 1024, leaveOpen: true));
            try
            {
                await AnswerLinesAsync(reader, output, cancel);
            }
            finally
            {
                await reader.CompleteAsync();
            }
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The peer went away or the server stops (also while the writer flushes on disposal): nothing to answer.
        }
    }

    private static async Task AnswerLinesAsync(PipeReader reader, StreamWriter output, CancellationToken cancel)
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
}

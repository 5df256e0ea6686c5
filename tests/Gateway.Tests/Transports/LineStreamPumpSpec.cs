using System.IO.Pipelines;
using System.Text;
using Akka.TestKit;
using Nano.Gateway.Mcp;
using Nano.Gateway.Transports.Internal;

namespace Nano.Gateway.Tests.Transports;

/// <summary>Backpressure of the line pump: a reader that does not read stops the intake, then gets cut off.</summary>
public class LineStreamPumpSpec(ITestOutputHelper output) : Akka.TestKit.Xunit.TestKit(output: output)
{
    [Fact]
    public async Task A_reader_that_falls_behind_pauses_reading_and_beyond_the_limit_is_refused()
    {
        var input = new Pipe();
        // The output pipe stops accepting writes after 1 KiB unread: a client that never reads.
        var outputPipe = new Pipe(new PipeOptions(pauseWriterThreshold: 1024, resumeWriterThreshold: 512));
        var session = CreateTestProbe();
        var owner = CreateTestProbe();
        var pump = new LineStreamPump(input.Reader.AsStream(), outputPipe.Writer.AsStream(), 4096, pauseAbove: 4096, maxPending: 16 * 1024, session.Ref, owner.Ref);
        pump.Start();

        await input.Writer.WriteAsync(Encoding.UTF8.GetBytes("{\"a\":1}\n"));
        await session.ExpectMsgAsync<InboundMessage>();
        await AwaitAssertAsync(() => Assert.Equal(0, pump.PendingBytes));

        var frame = new byte[1000];
        frame.AsSpan().Fill((byte)'x');
        var accepted = 0;
        while (pump.Enqueue(frame)) accepted++;
        Assert.InRange(accepted, 10, 17);
        Assert.True(pump.PendingBytes > 4096);

        // Backed up: a new line is not read while the client does not read.
        await input.Writer.WriteAsync(Encoding.UTF8.GetBytes("{\"a\":2}\n"));
        await session.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(200));

        // Once the client drains its side, pending bytes fall and reading resumes.
        var drained = Task.Run(async () =>
        {
            var reader = outputPipe.Reader;
            while (true)
            {
                var result = await reader.ReadAsync();
                reader.AdvanceTo(result.Buffer.End);
                if (result.IsCompleted) return;
            }
        });
        var second = await session.ExpectMsgAsync<InboundMessage>(TimeSpan.FromSeconds(5));
        Assert.Equal("{\"a\":2}", Encoding.UTF8.GetString(second.Frame.Span));
        pump.Abort();
        await outputPipe.Writer.CompleteAsync();
        await drained.WaitAsync(TimeSpan.FromSeconds(5));
    }
}

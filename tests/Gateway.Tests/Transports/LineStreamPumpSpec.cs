using System.IO.Pipelines;
using System.Text;
using Akka.TestKit;
using Nano.Gateway.JsonRpc;
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
        var pump = new LineStreamPump(input.Reader.AsStream(), outputPipe.Writer.AsStream(), 4096, pauseAbove: 4096, maxPending: 16 * 1024,
            new JsonRpcCodec(), session.Ref, owner.Ref);
        pump.Start();

        await input.Writer.WriteAsync(Encoding.UTF8.GetBytes("{\"jsonrpc\":\"2.0\",\"method\":\"first\"}\n"));
        Assert.Equal("first", Method(await session.ExpectMsgAsync<InboundParsed>()));
        await AwaitAssertAsync(() => Assert.Equal(0, pump.PendingBytes));

        var frame = new byte[1000];
        frame.AsSpan().Fill((byte)'x');
        var accepted = 0;
        while (pump.Enqueue(frame)) accepted++;
        Assert.InRange(accepted, 10, 17);
        Assert.True(pump.PendingBytes > 4096);

        // Backed up: a new line is not read while the client does not read.
        await input.Writer.WriteAsync(Encoding.UTF8.GetBytes("{\"jsonrpc\":\"2.0\",\"method\":\"second\"}\n"));
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
        Assert.Equal("second", Method(await session.ExpectMsgAsync<InboundParsed>(TimeSpan.FromSeconds(5))));
        pump.Abort();
        await outputPipe.Writer.CompleteAsync();
        await drained.WaitAsync(TimeSpan.FromSeconds(5));
    }

    /// <summary>Lines reach the session parsed, each cut straight out of the read buffer.</summary>
    [Fact]
    public async Task Lines_reach_the_session_parsed_in_order_and_a_bad_line_as_its_error()
    {
        var input = new Pipe();
        var session = CreateTestProbe();
        var owner = CreateTestProbe();
        var pump = new LineStreamPump(input.Reader.AsStream(), Stream.Null, 64, pauseAbove: 4096, maxPending: 16 * 1024, new JsonRpcCodec(), session.Ref, owner.Ref);
        pump.Start();
        // Split across writes (and so across read buffers): a line may span segments.
        await input.Writer.WriteAsync(Encoding.UTF8.GetBytes("{\"jsonrpc\":\"2.0\",\"met"));
        await input.Writer.WriteAsync(Encoding.UTF8.GetBytes("hod\":\"one\"}\r\n\n{nope\n" + new string('x', 100) + "\n{\"jsonrpc\":\"2.0\",\"method\":\"two\"}"));
        await input.Writer.CompleteAsync();

        Assert.Equal("one", Method(await session.ExpectMsgAsync<InboundParsed>()));
        var bad = Assert.IsType<JsonRpcInvalid>((await session.ExpectMsgAsync<InboundParsed>()).Parsed);
        Assert.Equal(JsonRpcErrorCodes.ParseError, bad.Reply.Error.Code);
        Assert.Equal(100, (await session.ExpectMsgAsync<FrameTooLarge>()).Bytes);
        Assert.Equal("two", Method(await session.ExpectMsgAsync<InboundParsed>()));
        await owner.ExpectMsgAsync<InputEnded>();
        pump.Abort();
    }

    private static string Method(InboundParsed inbound) =>
        Assert.IsType<JsonRpcNotification>(Assert.IsType<JsonRpcParsed>(inbound.Parsed).Message).Method;
}

using System.IO.Pipelines;
using Nano.Gateway.Hosting;
using Nano.Gateway.Transports.Stdio;

namespace Nano.Gateway.Tests.Transports;

/// <summary>The stdio transport over pipes standing in for the process's stdin and stdout.</summary>
public class StdioTransportSpec(ITestOutputHelper output) : TransportSpecBase(output, new GatewaySettings())
{
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Pipe? _stdin;

    protected override Task<IFrameClient> ConnectAsync() => Task.FromResult<IFrameClient>(Start());

    private LineClient Start()
    {
        _stdin = new Pipe();
        var stdout = new Pipe();
        Sys.ActorOf(StdioTransportActor.Props(_stdin.Reader.AsStream(), stdout.Writer.AsStream(), Context, () => _closed.TrySetResult()));
        return new LineClient(stdout.Reader.AsStream(), _stdin.Writer.AsStream());
    }

    [Fact]
    public async Task When_stdin_closes_running_requests_are_answered_and_then_the_transport_ends()
    {
        await using var client = Start();
        await client.SendAsync(Initialize(1));
        await client.SendAsync(Generate(2, "last words", 6));
        await _stdin!.Writer.CompleteAsync();
        var lines = await client.ReadToEndAsync(Bounded);
        Assert.Equal(2, lines.Count);
        Assert.NotNull(JToken.Parse(lines[1])["result"]);
        await _closed.Task.WaitAsync(Bounded);
    }

    [Fact]
    public async Task A_last_line_without_a_newline_is_still_answered()
    {
        await using var client = Start();
        await _stdin!.Writer.WriteAsync(Utf8("""{"jsonrpc":"2.0","id":9,"method":"ping"}"""));
        await _stdin.Writer.CompleteAsync();
        var lines = await client.ReadToEndAsync(Bounded);
        Assert.Equal(9, (int)JToken.Parse(Assert.Single(lines))["id"]!);
    }
}

using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace Nano.NodeHost.Tests.Cli;

/// <summary>`run` serving MCP: --transports and --bind, the parseable listening lines, and refusals.</summary>
[Collection(NodeCollection.Name)]
public class RunGatewaySpec
{
    [Fact]
    public async Task Run_prints_a_parseable_line_per_endpoint_with_the_bound_port_and_serves_on_it()
    {
        var (output, error) = (new CapturedWriter(), new CapturedWriter());
        using var cts = new CancellationTokenSource();
        var running = CliRun.Start(["run", "--transports", "tcp:0,udp:0", "--bind", "127.0.0.1"], output, error, cts.Token);
        await error.WaitForAsync("nano: listening udp", CliRun.Bound);
        var tcp = Regex.Match(error.Text, @"(?m)^nano: listening tcp 127\.0\.0\.1:(\d+)$");
        Assert.True(tcp.Success, error.Text);
        Assert.Matches(new Regex(@"(?m)^nano: listening udp 127\.0\.0\.1:\d+$"), error.Text);

        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", int.Parse(tcp.Groups[1].Value));
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.UTF8.GetBytes("""{"jsonrpc":"2.0","id":1,"method":"ping"}""" + "\n"));
        using var reader = new StreamReader(stream);
        Assert.Equal("""{"jsonrpc":"2.0","id":1,"result":{}}""", await reader.ReadLineAsync().WaitAsync(CliRun.Bound));

        await cts.CancelAsync();
        Assert.Equal(0, await running.WaitAsync(CliRun.Bound));
        Assert.Equal("", output.Text);
    }

    [Theory]
    [InlineData("tcp:99999", "'tcp:99999': expected tcp:PORT")]
    [InlineData("smtp:25", "unknown transport 'smtp'")]
    [InlineData("tcp:80,tcp:80", "'tcp:80' is given twice")]
    public async Task Unusable_transports_are_refused_with_the_reason(string transports, string reason)
    {
        var run = await CliRun.InvokeAsync("run", "--transports", transports);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains(reason, run.Error);
    }

    [Fact]
    public async Task An_unusable_bind_address_is_refused_with_the_reason()
    {
        var run = await CliRun.InvokeAsync("run", "--transports", "tcp:0", "--bind", "not-an-address");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--bind", run.Error);
    }
}

using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Newtonsoft.Json.Linq;

namespace Nano.NodeHost.Tests.Cli;

/// <summary>`run` and access control: the loopback-only rule, `hash-key`, and prompts kept out of the logs.</summary>
[Collection(NodeCollection.Name)]
public class AccessControlCliSpec
{
    [Theory]
    [InlineData("0.0.0.0")]
    [InlineData("::")]
    public async Task Binding_beyond_loopback_without_keys_refuses_to_start_with_the_fix_in_the_message(string address)
    {
        var run = await CliRun.InvokeAsync("run", "--transports", "tcp:0", "--bind", address);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("without API keys", run.Error);
        Assert.Contains("NANO_API_KEYS", run.Error);
        Assert.DoesNotContain("nano: listening", run.Error);
    }

    [Fact]
    public async Task Hash_key_prints_the_sha256_form_that_the_configuration_takes()
    {
        var run = await CliRun.InvokeAsync("hash-key", "correct horse");
        Assert.Equal(0, run.ExitCode);
        var expected = "sha256:" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes("correct horse"))).ToLowerInvariant();
        Assert.Equal(expected, run.Output.Trim());

        var fresh = await CliRun.InvokeAsync("hash-key", "--new");
        var key = Regex.Match(fresh.Output, @"key:\s+(\S+)").Groups[1].Value;
        Assert.True(key.Length >= 40, fresh.Output);
        Assert.Contains("sha256:" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key))).ToLowerInvariant(), fresh.Output);
    }

    [Fact]
    public async Task A_generation_leaves_its_prompt_out_of_the_logs_at_information_level()
    {
        const string prompt = "zebra-canary-prompt-8841 tell me about it";
        var (output, error) = (new CapturedWriter(), new CapturedWriter());
        using var cts = new CancellationTokenSource();
        var running = CliRun.Start(["run", "--transports", "tcp:0", "--bind", "127.0.0.1", "--log-level", "information"], output, error, cts.Token);
        await error.WaitForAsync("nano: listening tcp", CliRun.Bound);
        var port = int.Parse(Regex.Match(error.Text, @"(?m)^nano: listening tcp 127\.0\.0\.1:(\d+)$").Groups[1].Value);

        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", port);
        var stream = client.GetStream();
        var generate = new JObject
        {
            ["jsonrpc"] = "2.0", ["id"] = 2, ["method"] = "tools/call",
            ["params"] = new JObject { ["name"] = "generate", ["arguments"] = new JObject { ["model"] = "qwen2-0.5b", ["prompt"] = prompt, ["max_tokens"] = 12 } },
        };
        await stream.WriteAsync(Encoding.UTF8.GetBytes(
            """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}""" + "\n" +
            generate.ToString(Newtonsoft.Json.Formatting.None) + "\n"));
        using var reader = new StreamReader(stream);
        JObject answer;
        do answer = JObject.Parse((await reader.ReadLineAsync().WaitAsync(CliRun.Bound))!);
        while ((int?)answer["id"] != 2);
        var text = (string?)answer["result"]?["structuredContent"]?["text"];
        Assert.False(string.IsNullOrEmpty(text), answer.ToString());

        await cts.CancelAsync();
        Assert.Equal(0, await running.WaitAsync(CliRun.Bound));
        // The node did log (start, the session), so an empty log cannot pass this test by accident.
        Assert.Contains("MCP session initialized", error.Text);
        Assert.DoesNotContain("zebra-canary-prompt-8841", error.Text);
        Assert.DoesNotContain(text.Trim(), error.Text);
    }
}

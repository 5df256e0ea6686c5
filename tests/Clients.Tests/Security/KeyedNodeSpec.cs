using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using Nano.Clients.Tests.Hosting;
using Newtonsoft.Json.Linq;

namespace Nano.Clients.Tests.Security;

/// <summary>
/// A real NodeHost process with API keys from NANO_API_KEYS: OpenAI clients and raw TCP clients need the key, the
/// secret never shows in the node's output; and a node asked to bind beyond loopback without keys exits with 2.
/// </summary>
public class KeyedNodeSpec
{
    private const string Secret = "kx-7f3a-client-secret";
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_node_binding_beyond_loopback_without_keys_exits_with_2_and_says_why()
    {
        var info = NodeHostBinary.StartInfo("--transports", "tcp:0", "--bind", "0.0.0.0");
        info.Environment.Remove("NANO_API_KEYS");
        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(Bound);
        Assert.Equal(2, process.ExitCode);
        var text = await stderr;
        Assert.Contains("refusing to listen on 0.0.0.0 without API keys", text);
        Assert.DoesNotContain("nano: listening", text);
    }

    [Fact]
    public async Task With_NANO_API_KEYS_the_OpenAI_API_and_tcp_need_the_key_and_the_secret_is_never_printed()
    {
        var info = NodeHostBinary.StartInfo("--transports", "tcp:0,http:0", "--bind", "127.0.0.1");
        info.Environment["NANO_API_KEYS"] = $"client:{Secret}";
        using var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var log = new StringBuilder();
        var endpoints = new Dictionary<string, IPEndPoint>();
        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (log)
            {
                log.AppendLine(e.Data);
                if (ListeningLine.TryParse(e.Data, out var kind, out var endpoint)) endpoints[kind] = endpoint;
                if (endpoints.ContainsKey("tcp") && endpoints.ContainsKey("http")) listening.TrySetResult();
            }
        };
        process.OutputDataReceived += (_, _) => { };
        process.Start();
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        try
        {
            await listening.Task.WaitAsync(Bound);
            using var http = new HttpClient { BaseAddress = new Uri($"http://{endpoints["http"]}"), Timeout = Bound };
            var anonymous = await http.GetAsync("/v1/models");
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
            using var keyed = new HttpRequestMessage(HttpMethod.Get, "/v1/models");
            keyed.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Secret);
            var models = await http.SendAsync(keyed);
            Assert.Equal(HttpStatusCode.OK, models.StatusCode);
            Assert.NotEmpty(JObject.Parse(await models.Content.ReadAsStringAsync())["data"]!);
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health")).StatusCode);

            using var tcp = new TcpClient();
            await tcp.ConnectAsync(endpoints["tcp"]);
            var stream = tcp.GetStream();
            using var reader = new StreamReader(stream);
            await stream.WriteAsync(Encoding.UTF8.GetBytes("""{"jsonrpc":"2.0","id":1,"method":"tools/list"}""" + "\n"));
            Assert.Equal(-31020, (int)JObject.Parse((await reader.ReadLineAsync().WaitAsync(Bound))!)["error"]!["code"]!);
            await stream.WriteAsync(Encoding.UTF8.GetBytes(
                """{"jsonrpc":"2.0","id":2,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"t","version":"1"},"_meta":{"apiKey":"KEY"}}}""".Replace("KEY", Secret) + "\n" +
                """{"jsonrpc":"2.0","id":3,"method":"tools/list"}""" + "\n"));
            Assert.NotNull(JObject.Parse((await reader.ReadLineAsync().WaitAsync(Bound))!)["result"]);
            Assert.NotNull(JObject.Parse((await reader.ReadLineAsync().WaitAsync(Bound))!)["result"]);
            lock (log)
            {
                Assert.Contains("Authentication failed", log.ToString());
                Assert.DoesNotContain(Secret, log.ToString());
            }
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync().WaitAsync(Bound);
        }
    }
}

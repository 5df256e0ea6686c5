using System.Net.Sockets;
using System.Text;
using Newtonsoft.Json.Linq;

namespace Nano.NodeHost.Tests.Deployment;

/// <summary>One MCP session over the TCP transport (newline-delimited JSON-RPC) asking for cluster_status.</summary>
internal static class McpTcpClient
{
    /// <summary>The tools/call result's structuredContent (boards, placements).</summary>
    public static async Task<JObject> ClusterStatusAsync(int port, CancellationToken ct)
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", port, ct);
        var stream = client.GetStream();
        using var reader = new StreamReader(stream, Encoding.UTF8);
        await SendAsync(stream, """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"deployment-spec","version":"1.0"}}}""", ct);
        await AnswerAsync(reader, 1, ct);
        await SendAsync(stream, """{"jsonrpc":"2.0","method":"notifications/initialized"}""", ct);
        await SendAsync(stream, """{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"cluster_status","arguments":{}}}""", ct);
        var answer = await AnswerAsync(reader, 2, ct);
        return (JObject)answer["result"]!["structuredContent"]!;
    }

    private static Task SendAsync(NetworkStream stream, string line, CancellationToken ct) =>
        stream.WriteAsync(Encoding.UTF8.GetBytes(line + "\n"), ct).AsTask();

    private static async Task<JObject> AnswerAsync(StreamReader reader, int id, CancellationToken ct)
    {
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            var message = JObject.Parse(line);
            if (message["id"]?.Value<int>() == id) return message;
        }
        throw new IOException($"the gateway closed the connection before answering request {id}");
    }
}

using System.Net;
using System.Net.Http.Headers;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text;
using Newtonsoft.Json;

namespace Nano.Gateway.Tests.Http;

/// <summary>
/// A bare Streamable HTTP client for specs: builds the POST/GET/DELETE requests of either era with exactly the headers
/// a spec asks for, and reads answers as JSON or SSE (System.Net.ServerSentEvents' parser).
/// </summary>
public sealed class McpClient(Uri endpoint) : IDisposable
{
    public const string Modern = "2026-07-28";

    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(30) };
    public Uri Endpoint { get; } = endpoint;
    /// <summary>Sent as Mcp-Session-Id once set (by <see cref="InitializeAsync"/>).</summary>
    public string? SessionId { get; set; }
    /// <summary>Sent as MCP-Protocol-Version once set.</summary>
    public string? Version { get; set; }

    public Task<HttpResponseMessage> PostAsync(JObject message, Action<HttpRequestMessage>? configure = null, CancellationToken ct = default) =>
        PostAsync(message.ToString(Formatting.None), configure, ct);

    public Task<HttpResponseMessage> PostAsync(string body, Action<HttpRequestMessage>? configure = null, CancellationToken ct = default) =>
        PostAsync(new ByteArrayContent(Encoding.UTF8.GetBytes(body)), configure, ct);

    public async Task<HttpResponseMessage> PostAsync(HttpContent content, Action<HttpRequestMessage>? configure = null, CancellationToken ct = default)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, Endpoint) { Content = content };
        content.Headers.ContentType ??= new MediaTypeHeaderValue("application/json");
        request.Headers.Accept.ParseAdd("application/json, text/event-stream");
        AddSession(request);
        configure?.Invoke(request);
        return await Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
    }

    /// <summary>A 2026-07-28 POST with the mirrored headers set from the body (configure may then break them).</summary>
    public Task<HttpResponseMessage> PostModernAsync(JObject request, Action<HttpRequestMessage>? configure = null, CancellationToken ct = default) =>
        PostAsync(request, http =>
        {
            http.Headers.Remove("Mcp-Session-Id");
            http.Headers.Remove("MCP-Protocol-Version");
            http.Headers.Add("MCP-Protocol-Version", Modern);
            http.Headers.Add("Mcp-Method", (string)request["method"]!);
            if (request["params"]?["name"] is JValue { Value: string name } && (string)request["method"]! is "tools/call" or "prompts/get")
                http.Headers.Add("Mcp-Name", name);
            if (request["params"]?["uri"] is JValue { Value: string uri } && (string)request["method"]! == "resources/read")
                http.Headers.Add("Mcp-Name", uri);
            configure?.Invoke(http);
        }, ct);

    public Task<HttpResponseMessage> GetAsync(string? lastEventId = null, Action<HttpRequestMessage>? configure = null, CancellationToken ct = default)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, Endpoint);
        request.Headers.Accept.ParseAdd("text/event-stream");
        AddSession(request);
        if (lastEventId is not null) request.Headers.Add("Last-Event-ID", lastEventId);
        configure?.Invoke(request);
        return Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
    }

    public Task<HttpResponseMessage> DeleteAsync(Action<HttpRequestMessage>? configure = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Delete, Endpoint);
        AddSession(request);
        configure?.Invoke(request);
        return Http.SendAsync(request);
    }

    /// <summary>initialize + notifications/initialized; keeps the session id and the negotiated version.</summary>
    public async Task<JObject> InitializeAsync(string version = "2025-11-25")
    {
        SessionId = null;
        Version = null;
        using var response = await PostAsync(Request("init", "initialize", new JObject
        {
            ["protocolVersion"] = version,
            ["capabilities"] = new JObject(),
            ["clientInfo"] = new JObject { ["name"] = "spec", ["version"] = "1" },
        }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        SessionId = Assert.Single(response.Headers.GetValues("Mcp-Session-Id"));
        var result = (JObject)(await JsonAsync(response))["result"]!;
        Version = (string?)result["protocolVersion"];
        using var initialized = await PostAsync(Notification("notifications/initialized"));
        Assert.Equal(HttpStatusCode.Accepted, initialized.StatusCode);
        return result;
    }

    public static async Task<JToken> JsonAsync(HttpResponseMessage response) => JToken.Parse(await response.Content.ReadAsStringAsync());

    /// <summary>The SSE events of a response as (id, data); priming events (data empty) included.</summary>
    public static async IAsyncEnumerable<SseItem<string>> EventsAsync(HttpResponseMessage response, [EnumeratorCancellation] CancellationToken ct = default)
    {
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsStreamAsync(ct);
        await foreach (var item in SseParser.Create(body).EnumerateAsync(ct)) yield return item;
    }

    /// <summary>Every JSON message of an SSE response, until the stream ends.</summary>
    public static async Task<List<(string? Id, JObject Message)>> MessagesAsync(HttpResponseMessage response, CancellationToken ct = default)
    {
        var messages = new List<(string?, JObject)>();
        await foreach (var item in EventsAsync(response, ct))
            if (item.Data.Length > 0) messages.Add((item.EventId, JObject.Parse(item.Data)));
        return messages;
    }

    public static JObject Request(object id, string method, JObject? parameters = null)
    {
        var request = new JObject { ["jsonrpc"] = "2.0", ["id"] = JToken.FromObject(id), ["method"] = method };
        if (parameters is not null) request["params"] = parameters;
        return request;
    }

    public static JObject Notification(string method, JObject? parameters = null)
    {
        var notification = new JObject { ["jsonrpc"] = "2.0", ["method"] = method };
        if (parameters is not null) notification["params"] = parameters;
        return notification;
    }

    /// <summary>tools/call generate; progressToken asks for notifications/progress.</summary>
    public static JObject Generate(object id, string prompt = "hi", int maxTokens = 3, object? progressToken = null, bool modern = false)
    {
        var meta = modern ? ModernMeta() : new JObject();
        if (progressToken is not null) meta["progressToken"] = JToken.FromObject(progressToken);
        var parameters = new JObject
        {
            ["name"] = "generate",
            ["arguments"] = new JObject { ["model"] = "qwen", ["prompt"] = prompt, ["max_tokens"] = maxTokens },
        };
        if (meta.Count > 0) parameters["_meta"] = meta;
        return Request(id, "tools/call", parameters);
    }

    public static JObject ModernMeta() => new()
    {
        ["io.modelcontextprotocol/protocolVersion"] = Modern,
        ["io.modelcontextprotocol/clientCapabilities"] = new JObject(),
        ["io.modelcontextprotocol/clientInfo"] = new JObject { ["name"] = "spec", ["version"] = "1" },
    };

    public static JObject ModernRequest(object id, string method, JObject? parameters = null)
    {
        parameters ??= new JObject();
        parameters["_meta"] = ModernMeta();
        return Request(id, method, parameters);
    }

    private void AddSession(HttpRequestMessage request)
    {
        if (SessionId is not null) request.Headers.Add("Mcp-Session-Id", SessionId);
        if (Version is not null) request.Headers.Add("MCP-Protocol-Version", Version);
    }

    public void Dispose() => Http.Dispose();
}

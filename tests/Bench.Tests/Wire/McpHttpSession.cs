using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Nano.Bench.Tests.Wire;

/// <summary>
/// A raw Streamable HTTP client of one stateful (legacy-era) session: initialize opens it and names it in
/// Mcp-Session-Id, every later POST carries that id; an answer is JSON or an SSE stream of messages.
/// </summary>
internal sealed class McpHttpSession(Uri endpoint) : IDisposable
{
    private readonly HttpClient _http = new() { Timeout = Bounds.Exchange };
    private string? _sessionId;

    public string SessionId => _sessionId ?? throw new InvalidOperationException("not initialized");

    /// <summary>initialize (answered, session id kept), then notifications/initialized (202).</summary>
    public async Task<JsonObject> InitializeAsync()
    {
        using var response = await PostAsync(Messages.Initialize);
        _sessionId = response.Headers.TryGetValues("Mcp-Session-Id", out var ids) ? ids.Single() : throw new InvalidOperationException("initialize returned no Mcp-Session-Id");
        var answer = (await ReadMessagesAsync(response)).Single();
        using var initialized = await PostAsync(Messages.Initialized);
        if (initialized.StatusCode != HttpStatusCode.Accepted)
            throw new InvalidOperationException($"notifications/initialized answered {(int)initialized.StatusCode}");
        return answer;
    }

    /// <summary>Posts one request and returns every message of its answer, in order (the response last).</summary>
    public async Task<List<JsonObject>> RequestAsync(string json)
    {
        using var response = await PostAsync(json);
        response.EnsureSuccessStatusCode();
        return await ReadMessagesAsync(response);
    }

    private async Task<HttpResponseMessage> PostAsync(string json)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (_sessionId is not null)
        {
            request.Headers.Add("Mcp-Session-Id", _sessionId);
            request.Headers.Add("MCP-Protocol-Version", "2025-11-25");
        }
        return await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead);
    }

    private static async Task<List<JsonObject>> ReadMessagesAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        if (response.Content.Headers.ContentType?.MediaType != "text/event-stream") return [JsonNode.Parse(body)!.AsObject()];
        // SSE: each event's data lines form one JSON-RPC message; events without data (priming) carry none.
        return body.Replace("\r\n", "\n").Split("\n\n", StringSplitOptions.RemoveEmptyEntries)
            .Select(e => string.Join('\n', e.Split('\n').Where(l => l.StartsWith("data:")).Select(l => l["data:".Length..].TrimStart())))
            .Where(data => data.Length > 0)
            .Select(data => JsonNode.Parse(data)!.AsObject())
            .ToList();
    }

    public void Dispose() => _http.Dispose();
}

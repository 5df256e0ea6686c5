using System.Text.Json.Nodes;

namespace Nano.Clients.Tests.CSharpSdk;

/// <summary>
/// Sits under the C# SDK's HttpClient and notes the JSON-RPC id of every tools/call it POSTs, so a test can send the
/// <c>notifications/cancelled</c> that the SDK omits over Streamable HTTP (see <see cref="CSharpSdkOverHttp"/>).
/// </summary>
internal sealed class ToolCallIdCapture() : DelegatingHandler(new SocketsHttpHandler())
{
    private readonly Lock _gate = new();
    private JsonNode? _lastId;

    public JsonNode? LastToolCallId { get { lock (_gate) return _lastId?.DeepClone(); } }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Method == HttpMethod.Post && request.Content is { } content)
        {
            await content.LoadIntoBufferAsync(cancellationToken);
            if (JsonNode.Parse(await content.ReadAsStringAsync(cancellationToken)) is JsonObject { } message
                && message["method"]?.GetValue<string>() == "tools/call")
            {
                lock (_gate) _lastId = message["id"]?.DeepClone();
            }
        }
        return await base.SendAsync(request, cancellationToken);
    }
}

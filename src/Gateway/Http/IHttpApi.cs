using Microsoft.AspNetCore.Routing;

namespace Nano.Gateway.Http;

/// <summary>
/// An HTTP API served beside <c>/mcp</c> on the node's HTTP listener (default port 8081): the OpenAI and Ollama
/// APIs, model administration, health, metrics and the status page. Registered in the host's services as
/// <c>IHttpApi</c>; <see cref="Hosting.HttpTransportHost"/> maps each one when it serves an http endpoint.
/// </summary>
public interface IHttpApi
{
    void Map(IEndpointRouteBuilder routes, HttpApiContext context);
}

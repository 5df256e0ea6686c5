using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Nano.Gateway.Http;
using Nano.Gateway.Mcp;
using Nano.Gateway.Ollama.Internal;
using Newtonsoft.Json.Linq;

namespace Nano.Gateway.Ollama;

/// <summary>
/// The Ollama-compatible subset beside /mcp: /api/tags, /api/ps, /api/version, /api/chat, /api/generate (NDJSON
/// streaming by default) and /api/embed. Errors are <c>{"error": "..."}</c> with an HTTP status. Output of simulated
/// runtimes carries <c>"nano": {"simulated": true}</c>, since Ollama's own fields cannot say so.
/// </summary>
public sealed class OllamaApi : IHttpApi
{
    /// <summary>nano's version in Ollama's format, suffixed so no client mistakes nano for Ollama itself.</summary>
    public static string Version { get; } = ServerIdentity.Default.Version + "-nano";

    public void Map(IEndpointRouteBuilder routes, HttpApiContext context)
    {
        ArgumentNullException.ThrowIfNull(routes);
        routes.MapGet("/api/version", http => OllamaJson.WriteAsync(http, new JObject { ["version"] = Version }));
        routes.MapGet("/api/tags", http => OllamaModels.TagsAsync(http, context));
        routes.MapGet("/api/ps", http => OllamaModels.PsAsync(http, context));
        routes.MapPost("/api/generate", http => OllamaGeneration.GenerateAsync(http, context));
        routes.MapPost("/api/chat", http => OllamaGeneration.ChatAsync(http, context));
        routes.MapPost("/api/embed", http => OllamaEmbed.EmbedAsync(http, context));
    }
}

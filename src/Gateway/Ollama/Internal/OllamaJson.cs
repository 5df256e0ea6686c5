using System.Globalization;
using Microsoft.AspNetCore.Http;
using Nano.Gateway.Http;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Nano.Gateway.Ollama.Internal;

/// <summary>Request bodies in (bounded by nano.gateway.max-message-bytes and max-json-depth), JSON and NDJSON out.</summary>
internal static class OllamaJson
{
    public const string NdJson = "application/x-ndjson";

    /// <summary>The body as a JSON object, or null after answering 400/413.</summary>
    public static async Task<JObject?> ReadAsync(HttpContext http, HttpApiContext api)
    {
        var limit = api.Server.Settings.MaxMessageBytes;
        using var buffer = await BoundedBody.ReadAsync(http, limit);
        if (buffer is null) return await TooLarge(http, limit);
        try
        {
            using var text = new StreamReader(buffer);
            using var reader = new JsonTextReader(text) { MaxDepth = api.Server.Settings.MaxJsonDepth, DateParseHandling = DateParseHandling.None };
            var token = await JToken.ReadFromAsync(reader, http.RequestAborted);
            if (await reader.ReadAsync(http.RequestAborted)) throw new JsonReaderException("unexpected content after the JSON value");
            if (token is JObject body) return body;
            await OllamaErrors.WriteAsync(http, StatusCodes.Status400BadRequest, "the request body must be a JSON object");
        }
        catch (JsonException e)
        {
            await OllamaErrors.WriteAsync(http, StatusCodes.Status400BadRequest, $"invalid JSON: {e.Message}");
        }
        return null;
    }

    public static Task WriteAsync(HttpContext http, JObject body, int status = StatusCodes.Status200OK)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json; charset=utf-8";
        return http.Response.WriteAsync(body.ToString(Formatting.None), http.RequestAborted);
    }

    /// <summary>One NDJSON line, flushed so the client sees each token as it comes.</summary>
    public static async Task WriteLineAsync(HttpContext http, JObject line)
    {
        await http.Response.WriteAsync(line.ToString(Formatting.None) + "\n", http.RequestAborted);
        await http.Response.Body.FlushAsync(http.RequestAborted);
    }

    /// <summary>Ollama's timestamps: RFC 3339 with fractional seconds, UTC.</summary>
    public static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    private static async Task<JObject?> TooLarge(HttpContext http, int limit)
    {
        await OllamaErrors.WriteAsync(http, StatusCodes.Status413PayloadTooLarge, $"the request body exceeds {limit} bytes");
        return null;
    }
}

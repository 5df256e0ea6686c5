using System.Text;
using Microsoft.AspNetCore.Http;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Nano.Gateway.OpenAi.Internal;

/// <summary>Reads a JSON object body no larger than nano.gateway.max-message-bytes nor deeper than max-json-depth.</summary>
internal static class RequestReader
{
    public static async Task<(JObject? Body, OpenAiError? Error)> ReadAsync(HttpContext http, int limit, int maxDepth)
    {
        if (http.Request.ContentLength > limit) return (null, OpenAiError.TooLarge(limit));
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await http.Request.Body.ReadAsync(chunk, http.RequestAborted).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > limit) return (null, OpenAiError.TooLarge(limit));
            buffer.Write(chunk, 0, read);
        }
        try
        {
            using var reader = new JsonTextReader(new StringReader(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length)))
            {
                DateParseHandling = DateParseHandling.None,
                MaxDepth = maxDepth,
            };
            var token = JToken.ReadFrom(reader);
            if (reader.Read() && reader.TokenType != JsonToken.Comment) return (null, OpenAiError.BadRequest("the body holds more than one JSON value"));
            return token is JObject body ? (body, null) : (null, OpenAiError.BadRequest("the body must be a JSON object"));
        }
        catch (JsonException e)
        {
            return (null, OpenAiError.BadRequest($"We could not parse the JSON body of your request: {e.Message}"));
        }
    }
}

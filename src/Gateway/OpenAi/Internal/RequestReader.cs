using System.Text;
using Microsoft.AspNetCore.Http;
using Nano.Gateway.Http;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Nano.Gateway.OpenAi.Internal;

/// <summary>Reads a JSON object body no larger than nano.gateway.max-message-bytes nor deeper than max-json-depth.</summary>
internal static class RequestReader
{
    public static async Task<(JObject? Body, OpenAiError? Error)> ReadAsync(HttpContext http, int limit, int maxDepth)
    {
        using var buffer = await BoundedBody.ReadAsync(http, limit).ConfigureAwait(false);
        if (buffer is null) return (null, OpenAiError.TooLarge(limit));
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

using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Nano.Gateway.Http;
using Newtonsoft.Json;

namespace Nano.Gateway.Admin;

/// <summary>
/// Model administration over HTTP: <c>POST /admin/models</c> (a models.json entry; 201, 400 with every error and its
/// JSON path, 409 when the name is taken), <c>DELETE /admin/models/{id}</c>, <c>GET /admin/models[/{id}/status]</c>.
/// Every change is audit-logged at information level. nano has no authentication: keep the listener on loopback.
/// </summary>
public sealed class AdminApi : IHttpApi
{
    public void Map(IEndpointRouteBuilder routes, HttpApiContext context)
    {
        var audit = context.Loggers.CreateLogger("Nano.Gateway.Admin");
        var server = context.Server;
        routes.MapGet("/admin/models", (HttpContext http) =>
            Respond(http, ModelAdministration.StatusAsync(server, null, http.RequestAborted)));
        routes.MapGet("/admin/models/{id}/status", (HttpContext http, string id) =>
            Respond(http, ModelAdministration.StatusAsync(server, id, http.RequestAborted)));
        routes.MapPost("/admin/models", async (HttpContext http) =>
        {
            var body = await ReadBoundedAsync(http, server.Settings.MaxMessageBytes);
            var outcome = body is null
                ? AdminOutcome.Error(StatusCodes.Status413PayloadTooLarge, "too_large",
                    $"the request body exceeds {server.Settings.MaxMessageBytes} bytes (nano.gateway.max-message-bytes)")
                : await ModelAdministration.AddAsync(server, body, http.RequestAborted);
            Audit(audit, http, "add", outcome.Body["model"]?.ToString() ?? (body is null ? "?" : NameIn(body)), outcome);
            await Write(http, outcome);
        });
        routes.MapDelete("/admin/models/{id}", async (HttpContext http, string id) =>
        {
            var outcome = await ModelAdministration.RemoveAsync(server, id, http.RequestAborted);
            Audit(audit, http, "remove", id, outcome);
            await Write(http, outcome);
        });
    }

    /// <summary>The body as text, or null when it is larger than <paramref name="limit"/> bytes (never buffered beyond it).</summary>
    private static async Task<string?> ReadBoundedAsync(HttpContext http, int limit)
    {
        if (http.Request.ContentLength > limit) return null;
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await http.Request.Body.ReadAsync(chunk, http.RequestAborted)) > 0)
        {
            if (buffer.Length + read > limit) return null;
            buffer.Write(chunk, 0, read);
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static async Task Respond(HttpContext http, Task<AdminOutcome> outcome) => await Write(http, await outcome);

    private static Task Write(HttpContext http, AdminOutcome outcome)
    {
        http.Response.StatusCode = outcome.Status;
        http.Response.ContentType = "application/json";
        return http.Response.WriteAsync(outcome.Body.ToString(Formatting.Indented), http.RequestAborted);
    }

    private static void Audit(ILogger audit, HttpContext http, string operation, string model, AdminOutcome outcome) =>
        audit.LogInformation("Admin {Operation} model {Model} over http from {Remote}: {Status} {Summary}",
            operation, model, http.Connection.RemoteIpAddress, outcome.Status, outcome.Summary);

    /// <summary>The name of a refused body, for the audit line; "?" when the body is not an object with a name.</summary>
    private static string NameIn(string body)
    {
        try { return (Newtonsoft.Json.Linq.JToken.Parse(body) as Newtonsoft.Json.Linq.JObject)?["name"]?.ToString() ?? "?"; }
        catch (JsonException) { return "?"; }
    }
}

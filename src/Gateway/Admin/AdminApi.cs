using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Nano.Gateway.Http;
using Nano.Gateway.Security;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Nano.Gateway.Admin;

/// <summary>
/// Model administration over HTTP: <c>POST /admin/models</c> (a models.json entry; 201, 400 with every error and its
/// JSON path, 409 when the name is taken), <c>DELETE /admin/models/{id}</c>, <c>GET /admin/models[/{id}/status]</c>.
/// With auth on every route needs an admin key (403 otherwise, audited); every change is audit-logged (Nano.Audit).
/// </summary>
public sealed class AdminApi : IHttpApi
{
    public void Map(IEndpointRouteBuilder routes, HttpApiContext context)
    {
        var server = context.Server;
        var audit = server.Access.Audit;
        routes.MapGet("/admin/models", (HttpContext http) => Admin(http, audit, "list models", () =>
            Respond(http, ModelAdministration.StatusAsync(server, null, http.RequestAborted))));
        routes.MapGet("/admin/models/{id}/status", (HttpContext http, string id) => Admin(http, audit, $"status of {id}", () =>
            Respond(http, ModelAdministration.StatusAsync(server, id, http.RequestAborted))));
        routes.MapPost("/admin/models", (HttpContext http) => Admin(http, audit, "add_model", async () =>
        {
            var body = await ReadBoundedAsync(http, server.Settings.MaxMessageBytes);
            var outcome = body is null
                ? AdminOutcome.Error(StatusCodes.Status413PayloadTooLarge, "too_large",
                    $"the request body exceeds {server.Settings.MaxMessageBytes} bytes (nano.gateway.max-message-bytes)")
                : await ModelAdministration.AddAsync(server, body, http.RequestAborted);
            Audit(audit, http, "add_model", outcome.Body["model"]?.ToString() ?? (body is null ? "?" : NameIn(body)), outcome);
            await Write(http, outcome);
        }));
        routes.MapDelete("/admin/models/{id}", (HttpContext http, string id) => Admin(http, audit, "remove_model", async () =>
        {
            var outcome = await ModelAdministration.RemoveAsync(server, id, http.RequestAborted);
            Audit(audit, http, "remove_model", id, outcome);
            await Write(http, outcome);
        }));
    }

    /// <summary>Runs <paramref name="handle"/> for an admin caller; others get 403 (audited).</summary>
    private static Task Admin(HttpContext http, AuditLog audit, string what, Func<Task> handle)
    {
        var caller = HttpCaller.Of(http);
        if (caller.IsAdmin) return handle();
        audit.Forbidden("http", caller, what);
        return Write(http, AdminOutcome.Error(StatusCodes.Status403Forbidden, "forbidden", "model administration needs an admin API key"));
    }

    /// <summary>The body as text, or null when it is larger than <paramref name="limit"/> bytes (never buffered beyond it).</summary>
    private static async Task<string?> ReadBoundedAsync(HttpContext http, int limit)
    {
        using var buffer = await BoundedBody.ReadAsync(http, limit);
        return buffer is null ? null : Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static async Task Respond(HttpContext http, Task<AdminOutcome> outcome) => await Write(http, await outcome);

    private static Task Write(HttpContext http, AdminOutcome outcome)
    {
        http.Response.StatusCode = outcome.Status;
        http.Response.ContentType = "application/json";
        return http.Response.WriteAsync(outcome.Body.ToString(Formatting.Indented), http.RequestAborted);
    }

    private static void Audit(AuditLog audit, HttpContext http, string operation, string model, AdminOutcome outcome) =>
        audit.AdminOperation(operation, model, HttpCaller.Of(http), "http", outcome.Ok, $"{outcome.Status} {outcome.Summary}");

    /// <summary>The name of a refused body, for the audit line; "?" when the body is not an object with a name.</summary>
    private static string NameIn(string body)
    {
        try { return (JToken.Parse(body) as JObject)?["name"]?.ToString() ?? "?"; }
        catch (JsonException) { return "?"; }
    }
}

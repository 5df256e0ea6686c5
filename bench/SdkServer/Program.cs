using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ModelContextProtocol.AspNetCore;
using ModelContextProtocol.Server;
using Nano.SdkServer;

SdkServerOptions options;
try
{
    options = SdkServerOptions.Parse(args);
}
catch (Exception e) when (e is ArgumentException or FormatException)
{
    Console.Error.WriteLine($"sdk: {e.Message}\n{SdkServerOptions.Usage}");
    return 2;
}

var builder = WebApplication.CreateSlimBuilder();
// Warnings and worse only, to stderr: logging must not be what is measured.
builder.Logging.ClearProviders();
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(options.Bind, options.HttpPort));
builder.Services.AddMcpServer(mcp => mcp.ServerInfo = new() { Name = "nano-sdk-comparison", Version = "1.0.0" })
    .WithHttpTransport(http => http.SessionMode = HttpServerSessionMode.Stateful) // stateful sessions, like nano's legacy era
    .WithTools<GenerateTool>();
await using var app = builder.Build();
app.MapMcp("/mcp");

await app.StartAsync();
var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
Console.Error.WriteLine($"listening http {new Uri(address).Authority}");

TcpMcpListener? tcp = null;
if (options.TcpPort is { } tcpPort)
{
    var serverOptions = app.Services.GetRequiredService<IOptions<McpServerOptions>>().Value;
    tcp = TcpMcpListener.Start(new(options.Bind, tcpPort), serverOptions, app.Services);
    Console.Error.WriteLine($"listening tcp {tcp.Endpoint}");
}

await app.WaitForShutdownAsync();
if (tcp is not null) await tcp.DisposeAsync();
return 0;

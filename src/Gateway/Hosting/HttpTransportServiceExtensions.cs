using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Nano.Gateway.Transports.Http;

namespace Nano.Gateway.Hosting;

/// <summary>Registers the Kestrel transports (/mcp, /ws, and every registered <see cref="Http.IHttpApi"/>) as the node's <see cref="IHttpTransportHost"/>.</summary>
public static class HttpTransportServiceExtensions
{
    public static IServiceCollection AddMcpHttpTransports(this IServiceCollection services, HttpTransportSettings? settings = null) =>
        services.AddSingleton<IHttpTransportHost>(provider =>
            new HttpTransportHost(settings ?? HttpTransportSettings.Default, provider.GetService<ILoggerFactory>(),
                apis: provider.GetServices<Http.IHttpApi>()));
}

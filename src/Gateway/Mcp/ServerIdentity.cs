using System.Reflection;
using Newtonsoft.Json.Linq;

namespace Nano.Gateway.Mcp;

/// <summary>serverInfo: what nano calls itself in initialize results and in every modern result's _meta.</summary>
public sealed record ServerIdentity(string Name, string Version, string Title)
{
    public static ServerIdentity Default { get; } = new("nano",
        typeof(ServerIdentity).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0",
        "nano: LLM inference on Rockchip NPUs");

    public JObject ToJson(bool withTitle) => withTitle
        ? new JObject { ["name"] = Name, ["title"] = Title, ["version"] = Version }
        : new JObject { ["name"] = Name, ["version"] = Version };
}

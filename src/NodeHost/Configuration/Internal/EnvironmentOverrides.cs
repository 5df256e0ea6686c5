using System.Collections;
using System.Text;
using Akka.Configuration;
using Newtonsoft.Json;

namespace Nano.NodeHost.Configuration.Internal;

/// <summary>
/// The environment's layer: NANO_ variables as HOCON paths under nano ("__" separates levels, "_" stands for "-"):
/// NANO_POOL__MAX_HANDLES=4 is nano.pool.max-handles = 4. Variables naming no default setting are ignored and reported.
/// </summary>
internal static class EnvironmentOverrides
{
    public const string Prefix = "NANO_";

    public static IReadOnlyDictionary<string, string?> Process() =>
        Environment.GetEnvironmentVariables().Cast<DictionaryEntry>().ToDictionary(e => (string)e.Key, e => (string?)e.Value);

    public static Config Read(IReadOnlyDictionary<string, string?> environment, Config defaults, List<string> ignored)
    {
        var hocon = new StringBuilder();
        foreach (var (name, value) in environment.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            if (!name.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) || value is null) continue;
            // Secrets stay out of the merged HOCON (which the actor system holds): read on their own, hashed at once.
            if (name.Equals(Nano.Gateway.Security.AuthSettings.EnvironmentVariable, StringComparison.OrdinalIgnoreCase)) continue;
            var path = PathOf(name);
            if (!defaults.HasPath(path)) { ignored.Add($"{name} names no setting ({path})"); continue; }
            // Quoted: HOCON reads numbers, booleans and durations out of strings, and quoting keeps any text safe.
            hocon.Append(path).Append(" = ").AppendLine(JsonConvert.ToString(value));
        }
        return hocon.Length == 0 ? Config.Empty : ConfigurationFactory.ParseString(hocon.ToString());
    }

    public static string PathOf(string variable) =>
        "nano." + variable[Prefix.Length..].ToLowerInvariant().Replace("__", ".").Replace('_', '-');
}

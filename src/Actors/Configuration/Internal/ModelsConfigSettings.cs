using System.Globalization;
using System.Text;
using Akka.Configuration;
using Akka.Configuration.Hocon;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Nano.Actors.Configuration.Internal;

/// <summary>
/// The optional "node" and "pool" sections of models.json: snake_case keys of nano.node / nano.pool, turned into
/// HOCON so they layer between the hocon/ defaults and the environment. Keys and types are checked against the defaults.
/// </summary>
internal static class ModelsConfigSettings
{
    public static readonly string[] Sections = ["node", "pool"];

    public static Config Read(ModelsConfigReader root, Config? defaults)
    {
        var hocon = new StringBuilder();
        foreach (var section in Sections)
        {
            var reader = root.Object(section);
            if (reader is null) continue;
            foreach (var (key, value) in reader.Properties())
            {
                var hoconPath = $"nano.{section}.{key.Replace('_', '-')}";
                var jsonPath = reader.PathOf(key);
                if (defaults is not null && !defaults.HasPath(hoconPath)) { root.Errors.Add(jsonPath, "unknown key"); continue; }
                // HoconValue.IsArray() is false for an empty list, so look at the element itself.
                var wantsArray = defaults?.GetValue(hoconPath)?.Values.FirstOrDefault() is HoconArray;
                if (Literal(value, wantsArray ? null : defaults?.GetString(hoconPath), wantsArray, out var literal, out var problem))
                    hocon.Append(hoconPath).Append(" = ").AppendLine(literal);
                else root.Errors.Add(jsonPath, problem);
            }
        }
        return hocon.Length == 0 ? Config.Empty : ConfigurationFactory.ParseString(hocon.ToString());
    }

    // The default's text tells the expected type: an integer default wants an integer, a boolean one a boolean,
    // a list a JSON array (valid HOCON as written); anything else (durations such as "5m", names) a string or a number.
    private static bool Literal(JToken value, string? defaultText, bool wantsArray, out string literal, out string problem)
    {
        literal = ""; problem = "";
        if (wantsArray || value.Type == JTokenType.Array)
        {
            if (wantsArray && value.Type == JTokenType.Array) { literal = value.ToString(Formatting.None); return true; }
            problem = $"expected {(wantsArray ? "an array" : "a single value")}, got {ModelsConfigReader.Describe(value)}";
            return false;
        }
        var wantsInt = long.TryParse(defaultText, NumberStyles.Integer, CultureInfo.InvariantCulture, out _);
        var wantsBool = defaultText is "on" or "off" or "true" or "false" or "yes" or "no";
        switch (value.Type)
        {
            case JTokenType.Integer when !wantsBool:
            case JTokenType.Float when !wantsBool && !wantsInt:
                literal = Convert.ToString(((JValue)value).Value, CultureInfo.InvariantCulture)!;
                return true;
            case JTokenType.Boolean when wantsBool:
                literal = (bool)value ? "on" : "off";
                return true;
            case JTokenType.String when !wantsBool && !wantsInt:
                literal = JsonConvert.ToString((string)value!);
                return true;
        }
        problem = $"expected {(wantsInt ? "an integer" : wantsBool ? "a boolean" : "a string or a number")}, got {ModelsConfigReader.Describe(value)}";
        return false;
    }
}

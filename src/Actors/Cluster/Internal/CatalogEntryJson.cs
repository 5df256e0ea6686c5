using Nano.Actors.Configuration;
using Newtonsoft.Json;
using Newtonsoft.Json.Converters;

namespace Nano.Actors.Cluster.Internal;

/// <summary>
/// The values of the replicated catalog: a validated definition as JSON text, or a tombstone for a removed model.
/// Text rather than the record itself keeps the replicated map to strings, which distributed data serializes as such,
/// and a tombstone (not a key removal) lets a node whose models.json still lists a removed model learn that it is gone.
/// </summary>
internal static class CatalogEntryJson
{
    private sealed record Entry(ModelDefinition? Definition, bool Removed);

    private static readonly JsonSerializerSettings Settings = new()
    {
        // Lists default to empty arrays: replace them, never append to them.
        ObjectCreationHandling = ObjectCreationHandling.Replace,
        Converters = { new StringEnumConverter() },
        MissingMemberHandling = MissingMemberHandling.Ignore,
    };

    public static readonly string Tombstone = JsonConvert.SerializeObject(new Entry(null, true), Settings);

    public static string Write(ModelDefinition model) => JsonConvert.SerializeObject(new Entry(model, false), Settings);

    /// <summary>The definition, or null for a tombstone; false when the text is no entry (a node of another version wrote it).</summary>
    public static bool TryRead(string json, out ModelDefinition? model)
    {
        model = null;
        try
        {
            var entry = JsonConvert.DeserializeObject<Entry>(json, Settings);
            if (entry is null || (entry.Definition is null && !entry.Removed)) return false;
            model = entry.Removed ? null : entry.Definition;
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}

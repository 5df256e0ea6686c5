using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Nano.Runtime.Sim.Internal;

/// <summary>
/// The simulated prompt cache file: a small JSON note of how many KV positions were cached for which profile
/// (a real cache holds the KV tensors; the simulator only needs their count).
/// </summary>
internal static class SimPromptCache
{
    private const string Marker = "nano_sim_prompt_cache";

    public static void Save(string path, string profile, int tokens) =>
        File.WriteAllText(path, new JObject { [Marker] = 1, ["profile"] = profile, ["tokens"] = tokens }.ToString());

    /// <summary>The cached KV positions; throws <see cref="RkllmException"/> when the file is missing or not a cache of this profile.</summary>
    public static int Load(string path, string profile)
    {
        const string fn = "rkllm_load_prompt_cache";
        if (string.IsNullOrWhiteSpace(path)) throw new RkllmException(fn, -1, "prompt cache path is empty");
        if (!File.Exists(path)) throw new RkllmException(fn, -1, $"prompt cache '{path}' not found");
        try
        {
            var json = JObject.Parse(File.ReadAllText(path));
            if (json.Value<int?>(Marker) != 1) throw new RkllmException(fn, -1, $"'{path}' is not a simulated prompt cache");
            if (json.Value<string>("profile") != profile)
                throw new RkllmException(fn, -1, $"'{path}' was saved by profile {json.Value<string>("profile")}, not {profile}");
            return json.Value<int?>("tokens") is >= 0 and var tokens ? tokens : throw new RkllmException(fn, -1, $"'{path}' has no token count");
        }
        catch (Exception e) when (e is JsonException or IOException or FormatException or InvalidCastException)
        {
            throw new RkllmException(fn, -1, $"'{path}' is not a simulated prompt cache: {e.Message}");
        }
    }
}

using System.Net;
using System.Text.Json.Nodes;
using Nano.Clients.Tests.Hosting;

namespace Nano.Clients.Tests.Drills;

/// <summary>
/// A NodeHost process (TCP on an ephemeral loopback port) whose models.json, written to a temp folder, mixes a
/// simulated model with process-isolated emulator models (native/README.md: key=value model files).
/// </summary>
internal sealed class DrillNode : IAsyncDisposable
{
    private readonly DirectoryInfo _dir;
    private NodeProcess? _node;

    private DrillNode(DirectoryInfo dir) => _dir = dir;

    public NodeProcess Node => _node ?? throw new InvalidOperationException("not started");

    public IPEndPoint Tcp => Node.Endpoint("tcp");

    public int Pid => Node.Pid;

    /// <param name="emulatorModels">name → (model file text, extra models.json keys); every one runs isolated.</param>
    public static async Task<DrillNode> StartAsync(IReadOnlyDictionary<string, (string File, JsonObject Keys)> emulatorModels, JsonObject? pool = null)
    {
        var node = new DrillNode(Directory.CreateTempSubdirectory("nano-drill-"));
        var models = new JsonArray
        {
            new JsonObject { ["name"] = "steady-sim", ["path"] = "sim://qwen2-0.5b-w8a8", ["runtime"] = "sim", ["memory_limit_mb"] = 670 },
        };
        Directory.CreateDirectory(Path.Combine(node._dir.FullName, "models"));
        foreach (var (name, (file, keys)) in emulatorModels)
        {
            File.WriteAllText(Path.Combine(node._dir.FullName, "models", name + ".model"), file);
            var entry = new JsonObject
            {
                ["name"] = name, ["path"] = $"models/{name}.model", ["runtime"] = "emu", ["isolated"] = true,
                ["memory_limit_mb"] = 256, ["max_context_len"] = 100_000, ["max_new_tokens"] = 50_000,
            };
            foreach (var (key, value) in keys) entry[key] = value?.DeepClone();
            models.Add(entry);
        }
        var config = new JsonObject { ["model_roots"] = new JsonArray("models"), ["models"] = models };
        if (pool is not null) config["pool"] = pool;
        var path = Path.Combine(node._dir.FullName, "models.json");
        File.WriteAllText(path, config.ToJsonString());
        try
        {
            node._node = await NodeProcess.StartAsync(["tcp"], ["--config", path]);
        }
        catch
        {
            node._dir.Delete(recursive: true);
            throw;
        }
        return node;
    }

    /// <summary>Handle-host children of this node that are alive, and how many handles list_models shows for the named models.</summary>
    public async Task<(IReadOnlyList<(int Pid, int ParentPid)> Children, int Handles)> ChildrenAndHandlesAsync(McpLineClient client, IEnumerable<string> isolatedModels)
    {
        var names = isolatedModels.ToHashSet();
        var list = await client.ToolAsync("list_models");
        var handles = list["models"]!.AsArray().Where(m => names.Contains((string)m!["name"]!)).Sum(m => m!["handles"]!.AsArray().Count);
        return (NodeProcesses.HandleHosts(Pid), handles);
    }

    public async ValueTask DisposeAsync()
    {
        if (_node is not null) await _node.DisposeAsync();
        try { _dir.Delete(recursive: true); }
        catch (IOException) { }
    }
}

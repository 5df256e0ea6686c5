using System.Globalization;
using System.Text;
using Nano.Actors.Cluster;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Newtonsoft.Json.Serialization;

namespace Nano.Gateway.Mcp.Tools.Internal;

/// <summary>cluster_status as structured content (snake_case, like the other tools) and as a few lines of text.</summary>
internal static class ClusterStatusJson
{
    private static readonly JsonSerializer Serializer = JsonSerializer.Create(new JsonSerializerSettings
    {
        ContractResolver = new DefaultContractResolver { NamingStrategy = new SnakeCaseNamingStrategy() },
        Converters = { new Newtonsoft.Json.Converters.StringEnumConverter(new SnakeCaseNamingStrategy()) },
    });

    public static JObject Of(ClusterStatus status) => JObject.FromObject(status, Serializer);

    public static string Text(ClusterStatus status)
    {
        var text = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        text.AppendLine(c, $"{(status.Clustered ? "cluster" : "standalone node")}: {status.Boards.Count} member(s), leader {status.Leader ?? "-"}");
        foreach (var b in status.Boards)
        {
            var queue = b.Pool?.Models.Sum(m => m.QueueDepth) ?? 0;
            text.AppendLine(c, $"- {b.Node} [{string.Join(",", b.Roles)}] {b.Status} {b.Board}: {b.ReservedMemoryMb}/{b.MemoryMb} MB reserved, " +
                               $"{b.PlacedReplicas}/{b.MaxHandles} replicas, {b.Pool?.LiveHandles ?? 0} live handle(s), queue {queue}");
        }
        foreach (var p in status.Placements)
            text.AppendLine(c, $"- {p.EntityId}: {(p.Node is { } node ? "on " + node : "UNPLACED: " + p.UnplacedReason)}");
        return text.ToString().TrimEnd();
    }
}

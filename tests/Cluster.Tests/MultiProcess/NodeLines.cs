using System.Net;
using System.Text.RegularExpressions;

namespace Nano.Cluster.Tests.MultiProcess;

/// <summary>
/// The contract with NodeHost's stderr: `nano: listening tcp 127.0.0.1:41234` per transport endpoint and, in cluster
/// mode, `nano: cluster akka.tcp://nano@127.0.0.1:40123 roles npu,gateway` (both with the bound port).
/// </summary>
internal static partial class NodeLines
{
    public static bool TryParseListening(string line, out string kind, out IPEndPoint endpoint)
    {
        var match = Listening().Match(line);
        if (match.Success && IPAddress.TryParse(match.Groups["addr"].Value, out var address))
        {
            kind = match.Groups["kind"].Value;
            endpoint = new IPEndPoint(address, int.Parse(match.Groups["port"].Value));
            return true;
        }
        (kind, endpoint) = ("", new IPEndPoint(IPAddress.None, 0));
        return false;
    }

    public static bool TryParseCluster(string line, out string address)
    {
        var match = ClusterAddress().Match(line);
        address = match.Success ? match.Groups["address"].Value : "";
        return match.Success;
    }

    [GeneratedRegex(@"nano: listening (?<kind>[a-z]+) (?<addr>[0-9.]+):(?<port>\d+)")]
    private static partial Regex Listening();

    [GeneratedRegex(@"nano: cluster (?<address>akka\.tcp://nano@[^ ]+:\d+) roles ")]
    private static partial Regex ClusterAddress();
}

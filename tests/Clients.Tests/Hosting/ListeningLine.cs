using System.Net;
using System.Text.RegularExpressions;

namespace Nano.Clients.Tests.Hosting;

/// <summary>
/// The contract with NodeHost: for every transport endpoint it prints `nano: listening &lt;kind&gt; &lt;addr&gt;:&lt;port&gt;`
/// to stderr, with the bound port (so port 0 can be asked for).
/// </summary>
internal static partial class ListeningLine
{
    public static bool TryParse(string line, out string kind, out IPEndPoint endpoint)
    {
        var match = Pattern().Match(line);
        if (match.Success && IPAddress.TryParse(match.Groups["addr"].Value.Trim('[', ']'), out var address))
        {
            kind = match.Groups["kind"].Value;
            endpoint = new IPEndPoint(address, int.Parse(match.Groups["port"].Value));
            return true;
        }
        (kind, endpoint) = ("", new IPEndPoint(IPAddress.None, 0));
        return false;
    }

    // The address may be IPv4 or bracketed IPv6; anything after the port (a path such as /mcp) is ignored.
    [GeneratedRegex(@"nano: listening (?<kind>[a-z]+) (?<addr>\[[0-9a-fA-F:.]+\]|[0-9.]+):(?<port>\d+)")]
    private static partial Regex Pattern();
}

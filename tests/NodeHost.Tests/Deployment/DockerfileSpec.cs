using System.Text.RegularExpressions;
using System.Xml.Linq;
using Nano.Gateway.Transports;
using Nano.NodeHost.Configuration;

namespace Nano.NodeHost.Tests.Deployment;

/// <summary>The Dockerfile agrees with the projects and the node's defaults (no container engine here to build it).</summary>
public class DockerfileSpec
{
    private static readonly string Text = File.ReadAllText(RepoRoot.File("Dockerfile"));

    /// <summary>src/NodeHost's project and every project it references, transitively, relative to the repository root.</summary>
    private static IEnumerable<string> NodeHostProjects()
    {
        var seen = new SortedSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([RepoRoot.File("src", "NodeHost", "Nano.NodeHost.csproj")]);
        while (pending.TryPop(out var project))
        {
            if (!seen.Add(Path.GetRelativePath(RepoRoot.Path, project).Replace('\\', '/'))) continue;
            foreach (var reference in XDocument.Load(project).Descendants("ProjectReference"))
                pending.Push(Path.GetFullPath(Path.Combine(Path.GetDirectoryName(project)!, reference.Attribute("Include")!.Value.Replace('\\', '/'))));
        }
        return seen;
    }

    [Fact]
    public void The_restore_layer_copies_every_project_file_the_node_is_built_from()
    {
        var projects = NodeHostProjects().ToArray();
        Assert.Equal(5, projects.Length); // Runtime, Actors, Gateway, Simulation, NodeHost
        foreach (var project in projects)
            Assert.Matches(new Regex($@"(?m)^COPY {Regex.Escape(project)} {Regex.Escape(Path.GetDirectoryName(project)!)}/$"), Text);
    }

    [Fact]
    public void The_runtime_image_carries_aspnet_because_the_gateway_runs_on_kestrel()
    {
        var gateway = XDocument.Load(RepoRoot.File("src", "Gateway", "Nano.Gateway.csproj"));
        Assert.Contains(gateway.Descendants("FrameworkReference"), r => r.Attribute("Include")?.Value == "Microsoft.AspNetCore.App");
        Assert.Matches(new Regex(@"(?m)^FROM mcr\.microsoft\.com/dotnet/aspnet:10\.0$"), Text);
        Assert.Matches(new Regex(@"(?m)^RUN dotnet publish src/NodeHost/Nano\.NodeHost\.csproj -c Release -o /app "), Text);
        Assert.Contains("""ENTRYPOINT ["dotnet", "/app/Nano.NodeHost.dll", "run"]""", Text);
    }

    [Fact]
    public void It_exposes_the_default_cluster_port_and_the_default_transports()
    {
        var defaults = NodeConfiguration.Build(NodeOverrides.None, new Dictionary<string, string?>());
        var expected = defaults.Endpoints.Select(e => e.Kind == TransportKind.Udp ? $"{e.Port}/udp" : $"{e.Port}")
            .Append(defaults.Cluster.Port.ToString()).Distinct().Order(StringComparer.Ordinal);
        var expose = Regex.Match(Text, @"(?m)^EXPOSE (.+)$");
        Assert.True(expose.Success);
        Assert.Equal(expected, expose.Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal));
    }
}

namespace Nano.NodeHost.Tests.Deployment;

/// <summary>The repository root: the first folder above the test binaries that holds Cluster.sln.</summary>
internal static class RepoRoot
{
    public static string Path { get; } = Find();

    public static string File(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (System.IO.File.Exists(System.IO.Path.Combine(dir.FullName, "Cluster.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException($"no Cluster.sln above {AppContext.BaseDirectory}");
    }
}

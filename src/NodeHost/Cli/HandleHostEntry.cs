namespace Nano.NodeHost.Cli;

/// <summary>Placeholder until the isolation module lands; replaced by HandleHostMain.Run.</summary>
internal static class HandleHostEntry
{
    public static int Run(string[] args)
    {
        Console.Error.WriteLine("handle-host is not available in this build");
        return 2;
    }
}

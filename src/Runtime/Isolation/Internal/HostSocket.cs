using System.Net.Sockets;

namespace Nano.Runtime.Isolation.Internal;

/// <summary>
/// The listening Unix socket a child connects to, in a private directory (0700) so no other user can connect.
/// Once the child is connected the directory is removed: the connection lives on without a name.
/// </summary>
internal sealed class HostSocket : IDisposable
{
    private readonly Socket listener;
    private readonly string directory;

    private HostSocket(string directory)
    {
        this.directory = directory;
        Path = System.IO.Path.Combine(directory, "h.sock");
        listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(Path));
        listener.Listen(1);
    }

    public string Path { get; }

    public static HostSocket Listen()
    {
        var dir = Directory.CreateTempSubdirectory("nano-hh-").FullName;
        // sun_path holds 108 bytes; a long TMPDIR would not fit.
        if (dir.Length > 90)
        {
            Directory.Delete(dir);
            dir = Directory.CreateDirectory(System.IO.Path.Combine("/tmp", "nano-hh-" + Guid.NewGuid().ToString("N")[..12])).FullName;
        }
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return new HostSocket(dir);
    }

    /// <summary>Accepts the child's connection; gives up when the child exits first or the timeout passes.</summary>
    public Socket? Accept(TimeSpan timeout, Task childExited)
    {
        using var cts = new CancellationTokenSource();
        var accept = listener.AcceptAsync(cts.Token).AsTask();
        var winner = Task.WaitAny([accept, childExited], timeout);
        if (winner == 0) return accept.GetAwaiter().GetResult();
        cts.Cancel();
        return null;
    }

    public static Socket Connect(string path)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            socket.Connect(new UnixDomainSocketEndPoint(path));
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        listener.Dispose();
        try { Directory.Delete(directory, recursive: true); }
        catch (IOException) { }
    }
}

using System.Diagnostics;
using System.Net;

namespace Nano.Clients.Tests.Hosting;

/// <summary>
/// A NodeHost process serving MCP over network transports on ephemeral loopback ports. Its endpoints come from
/// the `nano: listening` lines on stderr; the last stderr lines are kept to explain a failure.
/// Disposing kills the whole process tree (isolated handle hosts included).
/// </summary>
internal sealed class NodeProcess : IAsyncDisposable
{
    public static readonly TimeSpan StartBound = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan ExitBound = TimeSpan.FromSeconds(10);

    private readonly Process _process;
    private readonly string[] _expectedKinds;
    private readonly Dictionary<string, IPEndPoint> _endpoints = [];
    private readonly StderrTail _stderr = new();
    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _gate = new();

    private NodeProcess(Process process, string[] expectedKinds)
    {
        _process = process;
        _expectedKinds = expectedKinds;
    }

    /// <summary>Starts `dotnet Nano.NodeHost.dll --transports kind:0,... --bind 127.0.0.1` and waits for every endpoint.</summary>
    public static Task<NodeProcess> StartAsync(params string[] kinds) => StartAsync(kinds, []);

    /// <summary>The same with more node arguments (e.g. --config PATH).</summary>
    public static async Task<NodeProcess> StartAsync(string[] kinds, string[] arguments)
    {
        var transports = string.Join(',', kinds.Select(k => $"{k}:0"));
        var process = new Process
        {
            StartInfo = NodeHostBinary.StartInfo(["--transports", transports, "--bind", "127.0.0.1", .. arguments]),
            EnableRaisingEvents = true,
        };
        var node = new NodeProcess(process, kinds);
        process.ErrorDataReceived += (_, e) => node.OnErrorLine(e.Data);
        // Stdout is drained so a chatty node can never block on a full pipe.
        process.OutputDataReceived += (_, _) => { };
        process.Exited += (_, _) => node._listening.TrySetException(
            new InvalidOperationException($"NodeHost exited with {SafeExitCode(process)} before listening:\n{node.Tail}"));
        process.Start();
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        try
        {
            await node._listening.Task.WaitAsync(StartBound);
        }
        catch (TimeoutException)
        {
            await node.DisposeAsync();
            throw new TimeoutException($"NodeHost did not print its listening lines within {StartBound}:\n{node.Tail}");
        }
        catch
        {
            await node.DisposeAsync();
            throw;
        }
        return node;
    }

    public IPEndPoint Endpoint(string kind)
    {
        lock (_gate) return _endpoints.TryGetValue(kind, out var endpoint)
            ? endpoint
            : throw new InvalidOperationException($"NodeHost announced no {kind} endpoint:\n{Tail}");
    }

    /// <summary>The last lines the node wrote to stderr, for failure messages.</summary>
    public string Tail => _stderr.Text;

    public bool HasExited => _process.HasExited;

    /// <summary>The node's process id (the native fault drills look for its handle-host children).</summary>
    public int Pid => _process.Id;

    private void OnErrorLine(string? line)
    {
        if (line is null) return;
        _stderr.Add(line);
        lock (_gate)
        {
            if (!ListeningLine.TryParse(line, out var kind, out var endpoint)) return;
            _endpoints[kind] = endpoint;
            if (_expectedKinds.All(_endpoints.ContainsKey)) _listening.TrySetResult();
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().WaitAsync(ExitBound);
        }
        catch (InvalidOperationException)
        {
            // Never started or already reaped.
        }
        finally
        {
            _process.Dispose();
        }
    }

    private static string SafeExitCode(Process process)
    {
        try { return process.ExitCode.ToString(); }
        catch (InvalidOperationException) { return "?"; }
    }
}

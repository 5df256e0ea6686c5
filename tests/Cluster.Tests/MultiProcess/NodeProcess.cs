using System.Diagnostics;
using System.Net;

namespace Nano.Cluster.Tests.MultiProcess;

/// <summary>
/// One NodeHost process in cluster mode. It is ready once it has printed its cluster address and, for a gateway,
/// its TCP endpoint. The last stderr lines are kept to explain a failure (and mirrored to $NANO_TEST_LOG when set).
/// Disposing kills the whole process tree.
/// </summary>
internal sealed class NodeProcess : IAsyncDisposable
{
    public static readonly TimeSpan StartBound = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan ExitBound = TimeSpan.FromSeconds(10);
    private static readonly Lock LogGate = new();

    private readonly Process _process;
    private readonly bool _gateway;
    private readonly StderrTail _stderr = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _gate = new();
    private IPEndPoint? _tcp;

    private NodeProcess(string name, Process process, bool gateway)
    {
        Name = name;
        _process = process;
        _gateway = gateway;
    }

    public string Name { get; }

    /// <summary>akka.tcp://nano@127.0.0.1:PORT, as the node printed it.</summary>
    public string ClusterAddress { get; private set; } = "";

    public IPEndPoint Tcp => _tcp ?? throw new InvalidOperationException($"{Name} serves no TCP endpoint");

    public string Tail => _stderr.Text;

    public bool HasExited => _process.HasExited;

    public int Pid => _process.Id;

    /// <summary>Starts `dotnet Nano.NodeHost.dll run --node-name NAME --cluster-port 0 ...` and waits until it is ready.</summary>
    public static async Task<NodeProcess> StartAsync(string name, bool gateway, IEnumerable<string> arguments)
    {
        var process = new Process { StartInfo = NodeHostBinary.StartInfo(["run", "--node-name", name, .. arguments]), EnableRaisingEvents = true };
        var node = new NodeProcess(name, process, gateway);
        process.ErrorDataReceived += (_, e) => node.OnErrorLine(e.Data);
        // Stdout is drained so a chatty node can never block on a full pipe.
        process.OutputDataReceived += (_, _) => { };
        process.Exited += (_, _) => node._ready.TrySetException(
            new InvalidOperationException($"{name} exited with {SafeExitCode(process)} before it was ready:\n{node.Tail}"));
        process.Start();
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        try
        {
            await node._ready.Task.WaitAsync(StartBound);
        }
        catch (TimeoutException)
        {
            await node.DisposeAsync();
            throw new TimeoutException($"{name} did not print its cluster address within {StartBound}:\n{node.Tail}");
        }
        catch
        {
            await node.DisposeAsync();
            throw;
        }
        return node;
    }

    /// <summary>SIGKILL, no leave: the cluster must notice by itself.</summary>
    public async Task KillAsync()
    {
        // The node itself first, at once: Process.Kill's walk of the process tree takes a while on a loaded machine.
        if (!_process.HasExited) PosixSignals.Send(_process.Id, PosixSignals.SigKill);
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync().WaitAsync(ExitBound);
    }

    /// <summary>SIGSTOP: the process freezes (sockets stay open, nothing answers) until <see cref="Resume"/>.</summary>
    public void Pause() => PosixSignals.Send(_process.Id, PosixSignals.SigStop);

    /// <summary>SIGCONT after <see cref="Pause"/>.</summary>
    public void Resume() => PosixSignals.Send(_process.Id, PosixSignals.SigCont);

    /// <summary>Waits until the process exits on its own; its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan bound, CancellationToken ct)
    {
        try
        {
            await _process.WaitForExitAsync(ct).WaitAsync(bound, ct);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"{Name} did not exit within {bound}:\n{Tail}");
        }
        return _process.ExitCode;
    }

    private void OnErrorLine(string? line)
    {
        if (line is null) return;
        _stderr.Add(line);
        if (Environment.GetEnvironmentVariable("NANO_TEST_LOG") is { } path)
            lock (LogGate) File.AppendAllText(path, $"{DateTime.UtcNow:HH:mm:ss.fff} [{Name}] {line}\n");
        lock (_gate)
        {
            if (NodeLines.TryParseCluster(line, out var address)) ClusterAddress = address;
            else if (NodeLines.TryParseListening(line, out var kind, out var endpoint) && kind == "tcp") _tcp = endpoint;
            if (ClusterAddress.Length > 0 && (!_gateway || _tcp is not null)) _ready.TrySetResult();
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

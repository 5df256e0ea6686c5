using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;

namespace Nano.Bench.Shared;

/// <summary>
/// A server started as `dotnet X.dll ...` from the caller's own folder (a project reference copies it there), whose
/// endpoints come from the `listening KIND ADDR:PORT` lines it prints on stderr (NodeHost prefixes them with
/// `nano: `). `dotnet app.dll` runs the app in the muxer's process, so <see cref="Pid"/> is the server's.
/// The last stderr lines are kept to explain a failure; disposing kills the process tree.
/// Shared as source by bench/MemoryProbe and tests/Bench.Tests.
/// </summary>
internal sealed partial class ListeningProcess : IAsyncDisposable
{
    private const int KeepLines = 100;
    private readonly Process _process;
    private readonly string[] _expectedKinds;
    private readonly Dictionary<string, IPEndPoint> _endpoints = [];
    private readonly Queue<string> _stderr = new();
    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _gate = new();

    private ListeningProcess(Process process, string[] expectedKinds)
    {
        _process = process;
        _expectedKinds = expectedKinds;
    }

    /// <summary>Starts <paramref name="dll"/> and waits, within <paramref name="bound"/>, until every one of <paramref name="kinds"/> listens.</summary>
    public static async Task<ListeningProcess> StartAsync(string dll, IEnumerable<string> arguments, TimeSpan bound, params string[] kinds)
    {
        var info = new ProcessStartInfo(Dotnet)
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, dll));
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        var server = new ListeningProcess(new Process { StartInfo = info, EnableRaisingEvents = true }, kinds);
        server._process.ErrorDataReceived += (_, e) => server.OnErrorLine(e.Data);
        server._process.OutputDataReceived += (_, _) => { }; // drained, so a chatty server never blocks on a full pipe
        server._process.Exited += (_, _) => server._listening.TrySetException(new InvalidOperationException($"{dll} exited before listening:\n{server.Log}"));
        server._process.Start();
        server._process.BeginErrorReadLine();
        server._process.BeginOutputReadLine();
        try
        {
            await server._listening.Task.WaitAsync(bound);
        }
        catch (TimeoutException)
        {
            await server.DisposeAsync();
            throw new TimeoutException($"{dll} did not listen on {string.Join(", ", kinds)} within {bound}:\n{server.Log}");
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
        return server;
    }

    public int Pid => _process.Id;

    public IPEndPoint Endpoint(string kind)
    {
        lock (_gate) return _endpoints.TryGetValue(kind, out var endpoint)
            ? endpoint
            : throw new InvalidOperationException($"no {kind} endpoint was announced:\n{Log}");
    }

    /// <summary>What the server wrote to stderr lately.</summary>
    public string Log
    {
        get { lock (_gate) return string.Join('\n', _stderr); }
    }

    /// <summary>The muxer running this process, so the server uses the same .NET install.</summary>
    private static string Dotnet => Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self : "dotnet";

    private void OnErrorLine(string? line)
    {
        if (line is null) return;
        lock (_gate)
        {
            _stderr.Enqueue(line);
            if (_stderr.Count > KeepLines) _stderr.Dequeue();
            if (Listening().Match(line) is not { Success: true } match) return;
            _endpoints[match.Groups["kind"].Value] = IPEndPoint.Parse(match.Groups["endpoint"].Value);
            if (_expectedKinds.All(_endpoints.ContainsKey)) _listening.TrySetResult();
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
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

    [GeneratedRegex(@"^(?:nano: )?listening (?<kind>[a-z]+) (?<endpoint>[0-9.]+:\d+)")]
    private static partial Regex Listening();
}

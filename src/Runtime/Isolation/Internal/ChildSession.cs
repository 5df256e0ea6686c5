using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace Nano.Runtime.Isolation.Internal;

/// <summary>
/// One child process and its channel, from spawn to exit. Also watches the child's output for the runtime's
/// version line: a version that contradicts the configured ABI fails Init, or faults the handle if it comes later.
/// </summary>
internal sealed class ChildSession : IDisposable
{
    private readonly RuntimeSpec spec;
    private readonly IsolationOptions options;
    private readonly ManualResetEventSlim versionSeen = new();
    private volatile RuntimeFaultException? mismatch;
    private volatile bool initialised;
    private HostChannel? channel;

    private ChildSession(RuntimeSpec spec, IsolationOptions options)
    {
        this.spec = spec;
        this.options = options;
    }

    public HostChannel Channel => channel ?? throw new InvalidOperationException("not connected");

    public static ChildSession Start(RuntimeSpec spec, IsolationOptions options, ILogger logger)
    {
        var session = new ChildSession(spec, options);
        using var socket = HostSocket.Listen();
        var process = ChildProcess.Start(options, socket.Path, logger, session.OnLine);
        Socket? connected;
        try { connected = socket.Accept(options.StartTimeout, process.Exited); }
        catch
        {
            process.Kill();
            process.Dispose();
            throw;
        }
        if (connected is null)
        {
            var exitCode = process.WaitForExit(TimeSpan.Zero);
            process.Kill();
            process.WaitForExit(options.ExitTimeout);
            var output = process.RecentOutput;
            process.Dispose();
            throw exitCode is null
                ? new RuntimeFaultException(RuntimeFaultKind.Hung, $"handle host pid {process.Pid} did not connect within {options.StartTimeout.TotalSeconds:0.#}s (killed); last output: {output}")
                : ExitDescription.Fault(process.Pid, exitCode, output);
        }
        session.channel = new HostChannel(new NetworkStream(connected, ownsSocket: true), process, options, logger);
        try
        {
            session.channel.AwaitHello(options.StartTimeout);
            return session;
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>rkllm_init in the child. The info is the child runtime's, marked isolated.</summary>
    public RuntimeInfo Init(RkllmParams parameters)
    {
        RuntimeInfo info;
        try
        {
            info = Channel.Init(spec, parameters, options.InitTimeout);
        }
        catch (Exception e) when (e is RkllmException or RuntimeFaultException)
        {
            // A library of the wrong ABI often fails or crashes in init: say so rather than report the symptom.
            if (VersionMismatch() is { } cause) throw new RuntimeFaultException(cause.Kind, cause.Reason, e);
            throw;
        }
        initialised = true; // from here a contradicting line faults the handle (OnLine)
        if (VersionMismatch() is { } late) throw Channel.Faulted(late, kill: true);
        return info;
    }

    public (RuntimeInfo Info, RkllmParams Params) DefaultParams(string modelPath) =>
        Channel.DefaultParams(spec, modelPath, options.InitTimeout);

    public void Dispose()
    {
        channel?.Close();
    }

    /// <summary>Native runtimes print their version at init; the line travels a pipe of its own, so allow it a moment.</summary>
    private RuntimeFaultException? VersionMismatch()
    {
        if (spec.Kind == RuntimeKind.Simulated) return null;
        versionSeen.Wait(options.VersionLineGrace);
        return mismatch;
    }

    /// <summary>Any version line that contradicts the ABI counts, whenever it comes.</summary>
    private void OnLine(string line)
    {
        if (spec.Kind == RuntimeKind.Simulated || !RuntimeVersionLine.TryParse(line, out var v)) return;
        if (RuntimeVersionLine.Check(v, spec.Abi) is { } contradiction)
        {
            mismatch ??= contradiction;
            if (initialised) channel?.Faulted(contradiction, kill: true);
        }
        versionSeen.Set();
    }
}

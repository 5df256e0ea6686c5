using Nano.LoadGen.Internal;
using Nano.LoadGen.Internal.Clients;
using Nano.LoadGen.Internal.Recording;

namespace Nano.LoadGen;

/// <summary>
/// Runs a load against a running node: connects every client (each doing the MCP handshake), sends generate calls
/// as <see cref="LoadOptions"/> says, and reports what the measured requests did. The console (`Nano.LoadGen`) is a
/// thin wrapper; tests call this directly.
/// </summary>
public static class LoadRunner
{
    /// <exception cref="LoadGenException">Bad options, or a client could not connect or initialize.</exception>
    public static async Task<LoadReport> RunAsync(LoadOptions options, Action<LoadProgress>? progress = null, CancellationToken ct = default)
    {
        Validate(options);
        var target = Target.Resolve(options.Transport, options.Target);
        var startedAt = DateTimeOffset.UtcNow;
        using var context = new LoadContext(options, target, new Recorder());
        var clients = await ConnectAsync(context, ct).ConfigureAwait(false);
        var run = new LoadRun(context, clients, progress);
        try
        {
            await run.ExecuteAsync(ct).ConfigureAwait(false);
        }
        finally
        {
            await DisposeAllAsync(clients).ConfigureAwait(false);
        }
        return context.Recorder.Report(options, target.Display, startedAt, run.MeasuredFrom, clients.Count(c => c.LostWhileOpen), run.CpuCores, run.AllocatedBytes);
    }

    private static void Validate(LoadOptions o)
    {
        var problems = new List<string>();
        if (o.Clients is < 1 or > 10_000) problems.Add($"clients must be 1..10000, got {o.Clients}");
        if (o.Rate is <= 0 or double.NaN or double.PositiveInfinity) problems.Add($"rate must be positive, got {o.Rate}");
        if (o.MaxOutstanding is < 1) problems.Add($"max outstanding must be at least 1, got {o.MaxOutstanding}");
        if (o.Requests is < 1) problems.Add($"requests must be at least 1, got {o.Requests}");
        if (o.Duration is { } d && d <= TimeSpan.Zero) problems.Add($"duration must be positive, got {d}");
        if (o.Warmup < TimeSpan.Zero) problems.Add($"warmup must not be negative, got {o.Warmup}");
        if (o.MaxTokens < 1) problems.Add($"max tokens must be at least 1, got {o.MaxTokens}");
        if (o.PromptTokens is < 1) problems.Add($"prompt tokens must be at least 1, got {o.PromptTokens}");
        if (o.Timeout <= TimeSpan.Zero) problems.Add($"timeout must be positive, got {o.Timeout}");
        if (o.Drain < TimeSpan.Zero) problems.Add($"drain must not be negative, got {o.Drain}");
        if (string.IsNullOrWhiteSpace(o.Model)) problems.Add("model is required");
        if (problems.Count > 0) throw new LoadGenException(string.Join("; ", problems));
    }

    private static LoadClient Create(LoadContext context) => context.Options.Transport switch
    {
        LoadTransport.Tcp => new TcpLoadClient(context),
        LoadTransport.Ws => new WebSocketLoadClient(context),
        LoadTransport.Udp => new UdpLoadClient(context),
        LoadTransport.Http => new McpHttpLoadClient(context),
        _ => new OpenAiLoadClient(context),
    };

    /// <summary>Every client connects and initializes at once, within the request timeout; one failure fails the run.</summary>
    private static async Task<IReadOnlyList<LoadClient>> ConnectAsync(LoadContext context, CancellationToken ct)
    {
        var clients = Enumerable.Range(0, context.Options.Clients).Select(_ => Create(context)).ToArray();
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(ct);
        bound.CancelAfter(context.Options.Timeout);
        try
        {
            await Task.WhenAll(clients.Select(c => c.ConnectAsync(bound.Token))).ConfigureAwait(false);
            return clients;
        }
        catch (Exception e)
        {
            await DisposeAllAsync(clients).ConfigureAwait(false);
            if (e is LoadGenException) throw;
            if (e is OperationCanceledException && ct.IsCancellationRequested) throw;
            var why = e is OperationCanceledException ? $"no answer within {context.Options.Timeout.TotalSeconds:0.#} s" : e.Message;
            throw new LoadGenException($"cannot start {context.Options.Transport.ToString().ToLowerInvariant()} clients on {context.Target.Display}: {why}", e);
        }
    }

    private static async Task DisposeAllAsync(IEnumerable<LoadClient> clients) =>
        await Task.WhenAll(clients.Select(c => c.DisposeAsync().AsTask())).ConfigureAwait(false);
}

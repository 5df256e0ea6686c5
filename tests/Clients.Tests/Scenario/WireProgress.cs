using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol.Protocol;

namespace Nano.Clients.Tests.Scenario;

/// <summary>One <c>notifications/progress</c> as it came off the wire.</summary>
internal sealed record ProgressNote(string Token, JsonValueKind TokenKind, double Progress, string Message);

/// <summary>
/// Every progress notification of a client connection, recorded by a notification handler that lives as long as
/// the client. Unlike the IProgress of CallToolAsync (unregistered when the call returns, while the SDK may still be
/// handling the call's last notifications on other tasks) it loses none, so a test can wait, bounded, for a
/// call's whole text.
/// </summary>
internal sealed class WireProgress
{
    private readonly Lock _gate = new();
    private readonly List<ProgressNote> _notes = [];
    private readonly List<(string? Token, int Length, TaskCompletionSource Reached)> _waiters = [];

    public KeyValuePair<string, Func<JsonRpcNotification, CancellationToken, ValueTask>> Handler =>
        new(NotificationMethods.ProgressNotification, (notification, _) =>
        {
            Record(notification.Params);
            return ValueTask.CompletedTask;
        });

    /// <summary>A call's notifications in <c>progress</c> order; every token when <paramref name="token"/> is null.</summary>
    public IReadOnlyList<ProgressNote> For(string? token)
    {
        lock (_gate) return [.. _notes.Where(n => token is null || n.Token == token).OrderBy(n => n.Progress)];
    }

    public string TextOf(string? token) => string.Concat(For(token).Select(n => n.Message));

    /// <summary>Completes once the token's messages add up to at least <paramref name="length"/> characters.</summary>
    public async Task TextLengthAsync(string? token, int length, TimeSpan bound)
    {
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (LengthOf(token) >= length) return;
            _waiters.Add((token, length, reached));
        }
        try { await reached.Task.WaitAsync(bound); }
        catch (TimeoutException)
        {
            throw new TimeoutException($"progress of token {token ?? "*"} reached {LengthOf(token)} of {length} characters within {bound}: '{TextOf(token)}'");
        }
    }

    private void Record(JsonNode? parameters)
    {
        var token = parameters?["progressToken"];
        var note = new ProgressNote(
            token is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : token?.ToJsonString() ?? "",
            token?.GetValueKind() ?? JsonValueKind.Undefined,
            parameters?["progress"]?.GetValue<double>() ?? double.NaN,
            parameters?["message"]?.GetValue<string>() ?? "");
        lock (_gate)
        {
            _notes.Add(note);
            foreach (var waiter in _waiters.Where(w => LengthOf(w.Token) >= w.Length).ToArray())
            {
                waiter.Reached.TrySetResult();
                _waiters.Remove(waiter);
            }
        }
    }

    private int LengthOf(string? token)
    {
        lock (_gate) return _notes.Where(n => token is null || n.Token == token).Sum(n => n.Message.Length);
    }
}

using System.Reflection;
using Nano.Gateway.JsonRpc;
using Newtonsoft.Json;

namespace Nano.Gateway.Tests.Fuzz;

/// <summary>
/// Counts what one connection was owed (<see cref="Expect"/>) against what came back (<see cref="Receive"/>): every
/// frame spec-shaped, every error code one nano documents, every request answered once under its own id, no answer
/// for an id never sent. Thread-safe: the sender and the reader run at once.
/// </summary>
public sealed class AnswerLedger(bool retriesMayMerge = false)
{
    /// <summary>Every code in <see cref="JsonRpcErrorCodes"/>: nano answers with no other.</summary>
    public static readonly IReadOnlySet<int> KnownCodes = typeof(JsonRpcErrorCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral && f.FieldType == typeof(int)).Select(f => (int)f.GetRawConstantValue()!).ToHashSet();

    private readonly Lock _gate = new();
    private readonly Dictionary<string, int> _owed = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _got = new(StringComparer.Ordinal);
    private readonly HashSet<string> _mayVanish = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _inBatches = new(StringComparer.Ordinal);
    private readonly List<string> _violations = [];
    private int _batches, _batchAnswers;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int Frames { get; private set; }
    public int Received { get; private set; }
    public int Notifications { get; private set; }

    public void Expect(Expected owed)
    {
        lock (_gate)
        {
            Frames++;
            switch (owed)
            {
                case Expected.Answer a:
                    _owed[a.IdKey] = _owed.GetValueOrDefault(a.IdKey) + 1;
                    break;
                case Expected.Cancel c:
                    _mayVanish.Add(c.IdKey);
                    break;
                case Expected.Batch b:
                    _batches++;
                    foreach (var id in b.RequestIds) _inBatches[id] = _inBatches.GetValueOrDefault(id) + 1;
                    foreach (var id in b.Cancels) _mayVanish.Add(id);
                    break;
            }
        }
    }

    public void Receive(string line)
    {
        JToken frame;
        try
        {
            frame = JToken.Parse(line, new JsonLoadSettings { DuplicatePropertyNameHandling = DuplicatePropertyNameHandling.Error });
        }
        catch (JsonException e)
        {
            Violation($"not JSON ({e.Message}): {Shorten(line)}");
            return;
        }
        Receive(frame);
    }

    public void Receive(JToken frame)
    {
        lock (_gate)
        {
            Received++;
            if (frame is JArray batch)
            {
                _batchAnswers++;
                if (batch.Count == 0) Violation("an empty batch answer");
                foreach (var item in batch) Count(item, inBatch: true);
            }
            else Count(frame, inBatch: false);
            var changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            changed.TrySetResult();
        }
    }

    /// <summary>Waits until every id owed an answer (and not possibly cancelled) has it, or the time is up.</summary>
    public async Task<bool> SettledAsync(TimeSpan within)
    {
        using var timeout = new CancellationTokenSource(within);
        while (true)
        {
            Task next;
            lock (_gate)
            {
                if (Missing().Count == 0) return true;
                next = _changed.Task;
            }
            try
            {
                await next.WaitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }
    }

    /// <summary>Frames that were not spec-shaped (no id accounting): for transports answering each request on its own.</summary>
    public List<string> Violations()
    {
        lock (_gate) return [.. _violations];
    }

    /// <summary>Ids still owed an answer (at most 20), for reports.</summary>
    public List<string> Outstanding()
    {
        lock (_gate) return Missing();
    }

    /// <summary>Everything wrong so far: violations, unanswered ids, ids answered too often or never sent.</summary>
    public List<string> Problems()
    {
        lock (_gate)
        {
            var problems = new List<string>(_violations);
            problems.AddRange(Missing().Select(m => $"unanswered id {m}"));
            foreach (var (key, got) in _got)
            {
                var owed = _owed.GetValueOrDefault(key);
                var batched = _inBatches.GetValueOrDefault(key);
                if (owed == 0 && batched == 0 && !(key == "null" && _batches > 0))
                    problems.Add($"answer for id {key}, which no frame carried ({got}x)");
                else if (got > owed + batched + (key == "null" ? _batches : 0))
                    problems.Add($"id {key} answered {got}x for {owed} request(s) and {batched} batched");
            }
            if (_batchAnswers > _batches) problems.Add($"{_batchAnswers} batch answers for {_batches} batches");
            return problems;
        }
    }

    public override string ToString()
    {
        lock (_gate)
            return $"{Frames} frames, {Received} frames back ({Notifications} notifications, {_batchAnswers} batch answers), " +
                   $"{_owed.Values.Sum()} answers owed to {_owed.Count} ids";
    }

    private List<string> Missing() => _owed
        .Where(o => !_mayVanish.Contains(o.Key) && _got.GetValueOrDefault(o.Key) < (retriesMayMerge ? 1 : o.Value))
        .Select(o => $"{o.Key} ({_got.GetValueOrDefault(o.Key)} of {o.Value})").Take(20).ToList();

    private void Count(JToken frame, bool inBatch)
    {
        if (frame is not JObject message)
        {
            Violation($"not an object: {Shorten(frame)}");
            return;
        }
        if ((string?)message["jsonrpc"] != "2.0") Violation($"jsonrpc is not \"2.0\": {Shorten(frame)}");
        if (message.ContainsKey("method"))
        {
            Notifications++;
            if (inBatch || message.ContainsKey("id")) Violation($"nano sends no requests, and no notifications in batches: {Shorten(frame)}");
            CheckNotification(message);
            return;
        }
        if (!message.TryGetValue("id", out var id) || id.Type is not (JTokenType.Integer or JTokenType.String or JTokenType.Null))
        {
            Violation($"a response needs a string, integer or null id: {Shorten(frame)}");
            return;
        }
        var hasResult = message.TryGetValue("result", out var result);
        var hasError = message.TryGetValue("error", out var error);
        if (hasResult == hasError) Violation($"exactly one of result and error: {Shorten(frame)}");
        if (hasResult && result is not JObject) Violation($"an MCP result is an object: {Shorten(frame)}");
        if (hasError) CheckError(error!, frame);
        if (id.Type == JTokenType.Null && !hasError) Violation($"a result with a null id: {Shorten(frame)}");
        var key = id.Type switch
        {
            JTokenType.Null => "null",
            JTokenType.String => JsonConvert.ToString((string)id!),
            _ => id.ToString(Formatting.None),
        };
        _got[key] = _got.GetValueOrDefault(key) + 1;
    }

    private void CheckError(JToken error, JToken frame)
    {
        if (error is not JObject body || body["code"] is not { Type: JTokenType.Integer } code || body["message"] is not { Type: JTokenType.String })
        {
            Violation($"error needs an integer code and a string message: {Shorten(frame)}");
            return;
        }
        if (!KnownCodes.Contains((int)code)) Violation($"error code {code} is not in JsonRpcErrorCodes: {Shorten(frame)}");
    }

    private void CheckNotification(JObject message)
    {
        var method = (string?)message["method"];
        var parameters = message["params"] as JObject;
        switch (method)
        {
            case "notifications/progress":
                if (parameters?["progressToken"]?.Type is not (JTokenType.String or JTokenType.Integer)
                    || parameters["progress"]?.Type is not (JTokenType.Integer or JTokenType.Float))
                    Violation($"progress needs a string/integer token and a number: {Shorten(message)}");
                break;
            case "notifications/message":
                if (parameters?["level"]?.Type != JTokenType.String) Violation($"a log message needs a level: {Shorten(message)}");
                break;
            default:
                Violation($"unexpected notification {method}: {Shorten(message)}");
                break;
        }
    }

    private void Violation(string what)
    {
        lock (_gate)
            if (_violations.Count < 50) _violations.Add(what);
    }

    public static string Shorten(object? value)
    {
        var text = value is JToken token ? token.ToString(Formatting.None) : value?.ToString() ?? "";
        return text.Length <= 400 ? text : text[..400] + $"... ({text.Length} chars)";
    }
}

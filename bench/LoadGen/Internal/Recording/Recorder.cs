using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using HdrHistogram;

namespace Nano.LoadGen.Internal.Recording;

/// <summary>
/// The run's numbers, written from every connection at once: lock-free counters and concurrent HdrHistograms
/// (microseconds). Warm-up requests are only counted, so that what is reported is the measured requests alone.
/// </summary>
internal sealed class Recorder
{
    private readonly LongConcurrentHistogram _latency = Histograms.New(), _ttft = Histograms.New(), _itl = Histograms.New(), _lag = Histograms.New();
    private readonly ConcurrentDictionary<ErrorKey, StrongBox<long>> _errors = new(), _shed = new();
    private long _sent, _ok, _failed, _refused, _timeouts, _abandoned, _tokens, _events, _retryAfter;
    private long _warmupSent, _warmupDone, _late, _retransmits, _lastEndAt;

    public long Sent => Volatile.Read(ref _sent);
    public long Done => Volatile.Read(ref _ok) + Volatile.Read(ref _failed) + Volatile.Read(ref _refused) + Volatile.Read(ref _timeouts) + Volatile.Read(ref _abandoned);
    public long Failed => Volatile.Read(ref _failed);
    public long Refused => Volatile.Read(ref _refused);
    public long TimedOut => Volatile.Read(ref _timeouts);
    public long InFlight => AllSent - AllDone;
    /// <summary>Sent and ended, warm-up included (progress lines).</summary>
    public long AllSent => Sent + Volatile.Read(ref _warmupSent);
    public long AllDone => Done + Volatile.Read(ref _warmupDone);
    public long WarmupSent => Volatile.Read(ref _warmupSent);
    public long LastEndAt => Volatile.Read(ref _lastEndAt);

    public void Sending(Call call, long now)
    {
        if (!call.Measured) { Interlocked.Increment(ref _warmupSent); return; }
        Interlocked.Increment(ref _sent);
        if (now > call.ScheduledAt) _lag.RecordValue(Histograms.Clamp(Ticks.ToMicroseconds(now - call.ScheduledAt)));
        else _lag.RecordValue(0);
    }

    /// <summary>A streamed token event arrived for the call (called by the one reader of its answer).</summary>
    public void Event(Call call, long now)
    {
        if (call.Events++ == 0)
        {
            call.FirstEventAt = now;
            if (call.Measured) _ttft.RecordValue(Histograms.Clamp(Ticks.ToMicroseconds(now - call.ScheduledAt)));
        }
        else if (call.Measured) _itl.RecordValue(Histograms.Clamp(Ticks.ToMicroseconds(now - call.LastEventAt)));
        call.LastEventAt = now;
        if (call.Measured) Interlocked.Increment(ref _events);
    }

    /// <summary>Ends the call once; false when something else ended it first (then nothing is recorded).</summary>
    public bool End(Call call, Outcome outcome, ErrorKey key = default, bool retryAfter = false)
    {
        if (!call.TryEnd()) return false;
        var now = Ticks.Now;
        if (call.Measured) Record(call, outcome, key, retryAfter, now);
        else Interlocked.Increment(ref _warmupDone);
        call.Done.Release();
        return true;
    }

    public void Late() => Interlocked.Increment(ref _late);

    public void Retransmitted() => Interlocked.Increment(ref _retransmits);

    private void Record(Call call, Outcome outcome, ErrorKey key, bool retryAfter, long now)
    {
        switch (outcome)
        {
            case Outcome.Ok:
                _latency.RecordValue(Histograms.Clamp(Ticks.ToMicroseconds(now - call.ScheduledAt)));
                Interlocked.Add(ref _tokens, call.Tokens);
                Interlocked.Increment(ref _ok);
                break;
            case Outcome.Shed:
                Count(_shed, key);
                if (retryAfter) Interlocked.Increment(ref _retryAfter);
                Interlocked.Increment(ref _refused);
                break;
            case Outcome.Error:
                Count(_errors, key);
                Interlocked.Increment(ref _failed);
                break;
            case Outcome.Timeout:
                Interlocked.Increment(ref _timeouts);
                break;
            default:
                Interlocked.Increment(ref _abandoned);
                break;
        }
        long last;
        while (now > (last = Volatile.Read(ref _lastEndAt)) && Interlocked.CompareExchange(ref _lastEndAt, now, last) != last) { }
    }

    private static void Count(ConcurrentDictionary<ErrorKey, StrongBox<long>> counts, ErrorKey key) =>
        Interlocked.Increment(ref counts.GetOrAdd(key, static _ => new StrongBox<long>()).Value);

    public LoadCounts Counts() => new(Sent, Volatile.Read(ref _ok), Failed, Refused, TimedOut, Volatile.Read(ref _abandoned));

    /// <summary>The report of the measured requests; <paramref name="measuredFrom"/> is when measuring started (ticks).</summary>
    public LoadReport Report(LoadOptions options, string target, DateTimeOffset startedAt, long measuredFrom, int connectionsLost, double cpuCores, long allocatedBytes)
    {
        var counts = Counts();
        var elapsed = LastEndAt > measuredFrom ? Ticks.ToSeconds(LastEndAt - measuredFrom) : 0;
        var tokens = Volatile.Read(ref _tokens);
        return new LoadReport
        {
            Transport = options.Transport.ToString().ToLowerInvariant(),
            Target = target,
            Model = options.Model,
            Mode = options.Rate is null ? "closed" : "open",
            Clients = options.Clients,
            Rate = options.Rate,
            MaxTokens = options.MaxTokens,
            Stream = options.Stream,
            StartedAt = startedAt,
            ElapsedSeconds = Math.Round(elapsed, 3),
            Counts = counts,
            RequestsPerSecond = elapsed > 0 ? Math.Round(counts.Ok / elapsed, 1) : 0,
            Tokens = tokens,
            TokensPerSecond = elapsed > 0 ? Math.Round(tokens / elapsed, 1) : 0,
            StreamEvents = Volatile.Read(ref _events),
            LatencyUs = Histograms.Summary(_latency),
            TtftUs = options.Stream ? Histograms.Summary(_ttft) : null,
            InterTokenUs = options.Stream ? Histograms.Summary(_itl) : null,
            SendLagUs = options.Rate is null ? null : Histograms.Summary(_lag),
            Errors = Names(_errors),
            Shed = Names(_shed),
            RetryAfterSeen = Volatile.Read(ref _retryAfter),
            WarmupRequests = WarmupSent,
            LateMessages = Volatile.Read(ref _late),
            Retransmits = Volatile.Read(ref _retransmits),
            ConnectionsLost = connectionsLost,
            GeneratorCpuCores = Math.Round(cpuCores, 2),
            GeneratorAllocatedBytes = allocatedBytes,
        };
    }

    private static SortedDictionary<string, long> Names(ConcurrentDictionary<ErrorKey, StrongBox<long>> counts) =>
        new(counts.ToDictionary(e => e.Key.ToString(), e => Volatile.Read(ref e.Value.Value)), StringComparer.Ordinal);
}

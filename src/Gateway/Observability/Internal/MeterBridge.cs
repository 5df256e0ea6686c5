using System.Diagnostics.Metrics;
using Prometheus;

namespace Nano.Gateway.Observability.Internal;

/// <summary>
/// Forwards the measurements of nano's meters (System.Diagnostics.Metrics) to prometheus-net counters and histograms
/// of one registry, named as the instruments are. prometheus-net's own MeterAdapter exported nothing into a custom
/// registry in 8.2.1 here, and it prefixes the meter name and turns counters into gauges; this keeps counter types.
/// Tags become labels (sorted by name); an instrument must always be given the same tag names.
/// </summary>
internal sealed class MeterBridge : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly IMetricFactory _metrics;
    private readonly double[] _buckets;

    public MeterBridge(IMetricFactory metrics, IReadOnlySet<string> meters, double[] buckets)
    {
        _metrics = metrics;
        _buckets = buckets;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (meters.Contains(instrument.Meter.Name)) listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.Start();
    }

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var sorted = tags.ToArray();
        Array.Sort(sorted, (a, b) => string.CompareOrdinal(a.Key, b.Key));
        var names = sorted.Select(t => t.Key).ToArray();
        var values = sorted.Select(t => t.Value?.ToString() ?? "").ToArray();
        var help = instrument.Description ?? instrument.Name;
        try
        {
            switch (instrument)
            {
                case Counter<long> or Counter<double>:
                    _metrics.CreateCounter(instrument.Name, help, names).WithLabels(values).Inc(value);
                    break;
                case Histogram<long> or Histogram<double>:
                    _metrics.CreateHistogram(instrument.Name, help, names, new HistogramConfiguration { Buckets = _buckets })
                        .WithLabels(values).Observe(value);
                    break;
            }
        }
        catch (InvalidOperationException)
        {
            // Label names differing from the first use of the instrument: a programming error, never worth a failed request.
        }
    }

    public void Dispose() => _listener.Dispose();
}

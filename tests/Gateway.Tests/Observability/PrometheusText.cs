using System.Globalization;

namespace Nano.Gateway.Tests.Observability;

/// <summary>A loose reader of the Prometheus text format: one sample per line, "name{a="1",b="2"} value".</summary>
public sealed class PrometheusText(string text)
{
    public string Text { get; } = text;

    public IEnumerable<(string Name, IReadOnlyDictionary<string, string> Labels, double Value)> Samples()
    {
        foreach (var line in Text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (line.StartsWith('#')) continue;
            var brace = line.IndexOf('{');
            var space = line.LastIndexOf(' ');
            var name = brace >= 0 ? line[..brace] : line[..space];
            var labels = new Dictionary<string, string>();
            if (brace >= 0)
            {
                foreach (var pair in line[(brace + 1)..line.LastIndexOf('}')].Split("\",", StringSplitOptions.RemoveEmptyEntries))
                {
                    var eq = pair.IndexOf('=');
                    labels[pair[..eq]] = pair[(eq + 1)..].Trim('"');
                }
            }
            yield return (name, labels, double.Parse(line[(space + 1)..], CultureInfo.InvariantCulture));
        }
    }

    /// <summary>The sum of the samples of <paramref name="name"/> having all the given labels (0 when none).</summary>
    public double Value(string name, params (string Key, string Value)[] labels) => Samples()
        .Where(s => s.Name == name && labels.All(l => s.Labels.TryGetValue(l.Key, out var v) && v == l.Value))
        .Sum(s => s.Value);

    public bool Has(string name, params (string Key, string Value)[] labels) => Samples()
        .Any(s => s.Name == name && labels.All(l => s.Labels.TryGetValue(l.Key, out var v) && v == l.Value));
}

using System.Globalization;

namespace Nano.LoadGen.Cli;

/// <summary>The once-a-second progress line on stderr.</summary>
internal static class ProgressLine
{
    public static string Format(LoadProgress p) => string.Create(CultureInfo.InvariantCulture,
        $"[{p.Elapsed.TotalSeconds,6:0.0}s] {p.Phase,-7} sent {p.Sent}  done {p.Done}  errors {p.Errors}  shed {p.Shed}  timeouts {p.Timeouts}  in flight {p.InFlight}  {p.RequestsPerSecond:0.0} req/s");
}

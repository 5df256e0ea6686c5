using Nano.MemoryProbe;

ProbeOptions options;
try
{
    options = ProbeOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"memory-probe: {e.Message}\n{ProbeOptions.Usage}");
    return 2;
}

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
var report = new MemoryReport(options);
try
{
    await MemoryPhases.IdleAndSessionsAsync(options, report, stop.Token);
    await MemoryPhases.HandlesAsync("sim", options, report, stop.Token);
    await MemoryPhases.HandlesAsync("emu", options, report, stop.Token);
}
catch (Exception e) when (e is InvalidOperationException or TimeoutException or OperationCanceledException or IOException or HttpRequestException)
{
    Console.Error.WriteLine($"memory-probe: {e.Message}");
    return 1;
}
Console.WriteLine(options.Json ? report.ToJson() : report.ToMarkdown());
return 0;

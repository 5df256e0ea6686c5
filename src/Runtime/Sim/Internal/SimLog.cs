using Microsoft.Extensions.Logging;

namespace Nano.Runtime.Sim.Internal;

internal static partial class SimLog
{
    [LoggerMessage(EventId = 7100, Level = LogLevel.Warning,
        Message = "SIMULATED rkllm handle (no NPU, output is lorem ipsum): profile {Profile} on simulated {Board}, n_batch {NBatch}, " +
                  "max_context_len {MaxContext}; board memory {UsedMb:0}/{CapacityMb:0} MB, time scale {TimeScale}")]
    public static partial void HandleCreated(ILogger logger, SimProfile profile, string board, int nBatch, int maxContext,
        double usedMb, double capacityMb, double timeScale);

    [LoggerMessage(EventId = 7101, Level = LogLevel.Debug, Message = "simulated handle {Profile} on {Board} destroyed; {FreeMb:0} MB free")]
    public static partial void HandleDestroyed(ILogger logger, string profile, string board, double freeMb);

    [LoggerMessage(EventId = 7102, Level = LogLevel.Error, Message = "result sink of simulated handle {Profile} threw; the run ends with an error")]
    public static partial void SinkThrew(ILogger logger, string profile, Exception exception);

    [LoggerMessage(EventId = 7103, Level = LogLevel.Warning, Message = "could not save the simulated prompt cache to {Path}")]
    public static partial void PromptCacheNotSaved(ILogger logger, string path, Exception exception);

    [LoggerMessage(EventId = 7104, Level = LogLevel.Error, Message = "simulated NPU worker failed; its runs were failed")]
    public static partial void WorkerFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 7105, Level = LogLevel.Warning, Message = "{Worker} did not stop within 10 s (a result sink is blocked)")]
    public static partial void WorkerDidNotStop(ILogger logger, string worker);

    [LoggerMessage(EventId = 7106, Level = LogLevel.Debug,
        Message = "SIMULATED function calling on {Profile}: user turns are answered with a call of '{Tool}' with placeholder arguments, tool results with lorem ipsum")]
    public static partial void ToolCallsScripted(ILogger logger, string profile, string tool);
}

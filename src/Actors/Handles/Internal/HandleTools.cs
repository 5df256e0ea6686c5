using Nano.Actors.Configuration;
using Nano.Runtime;

namespace Nano.Actors.Handles.Internal;

/// <summary>
/// The function tools of one handle. RKLLM keeps tools per handle until they are set again, so each run gets what it
/// asks for: its own tools, else the standing ones (models.json <c>function_tools</c>, replaced by a successful
/// set_function_tools command), else none. A run without tools therefore never inherits the previous run's.
/// Used only on the handle's pinned thread.
/// </summary>
internal sealed class HandleTools(FunctionToolsDefinition? standing)
{
    /// <summary>
    /// What turns function calling off. ASSUMPTION: rkllm.h documents no call for it; nano sets empty strings, which the
    /// emulator and the simulated NPU accept (the vendor runtime is not verified on hardware here).
    /// </summary>
    public static readonly FunctionToolsDefinition None = new("", "", "");

    private FunctionToolsDefinition? _standing = standing;
    private FunctionToolsDefinition? _applied = standing;
    private bool _unknown;

    /// <summary>Whether a run asking for <paramref name="requested"/> can start without changing the handle's tools.</summary>
    public bool Fits(FunctionToolsDefinition? requested) => !_unknown && (requested ?? _standing) == _applied;

    /// <summary>Sets the tools the run needs when the handle has others. Throws what rkllm_set_function_tools throws.</summary>
    public void Prepare(IRkllmHandle handle, FunctionToolsDefinition? requested)
    {
        if (Fits(requested)) return;
        var wanted = requested ?? _standing;
        var tools = wanted ?? None;
        _unknown = true; // until the call succeeds, what the runtime holds is not known
        handle.SetFunctionTools(tools.SystemPrompt, tools.ToolsJson, tools.ToolResponseStr);
        (_applied, _unknown) = (wanted, false);
    }

    /// <summary>A set_function_tools command succeeded: its tools stand for later runs without their own.</summary>
    public void Stand(FunctionToolsDefinition tools) => (_standing, _applied, _unknown) = (tools, tools, false);
}

namespace Nano.Runtime;

/// <summary>Which generation of the librkllmrt.so C ABI a library speaks. v1.3.0 is not binary compatible with v1.2.x.</summary>
public enum RkllmAbi
{
    /// <summary>Runtime v1.2.x: result callback passed to rkllm_init as a function pointer; image tags in RKLLMParam.</summary>
    V1_2 = 12,
    /// <summary>Runtime v1.3.0: RKLLMCallback struct at init, nested multimodal input, per-run sampling and max_new_tokens.</summary>
    V1_3 = 13,
}

/// <summary>LLMCallState: the state passed with every result callback.</summary>
public enum RkllmCallState
{
    Normal = 0,
    /// <summary>An incomplete UTF-8 character is pending: no text is emitted for this callback.</summary>
    Waiting = 1,
    Finish = 2,
    Error = 3,
}

/// <summary>RKLLMInferMode.</summary>
public enum RkllmInferMode
{
    Generate = 0,
    LastHiddenLayer = 1,
    Logits = 2,
}

/// <summary>RKLLMInputType.</summary>
public enum RkllmInputType
{
    Prompt = 0,
    Token = 1,
    Embed = 2,
    Multimodal = 3,
}

/// <summary>What the result callback answers to the runtime (its int return value).</summary>
public enum RkllmCallbackAction
{
    Continue = 0,
    /// <summary>Suspend the run; a later run with new input resumes it.</summary>
    Pause = 1,
    /// <summary>v1.3 only: release the current output buffer (hidden layer / logits) immediately.</summary>
    ReleaseBuffer = 2,
}

/// <summary>How a runtime implementation executes, reported in metadata and logs.</summary>
public enum RuntimeKind
{
    /// <summary>The vendor librkllmrt.so through P/Invoke.</summary>
    Native,
    /// <summary>nano's C emulator library with the same exported symbols, through the same P/Invoke path.</summary>
    Emulator,
    /// <summary>The managed simulated NPU. Its output and timings are simulated, never real inference.</summary>
    Simulated,
}

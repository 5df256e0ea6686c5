namespace Nano.Runtime.Native.Internal;

/// <summary>The function pointers and userdata rkllm_init wires up; zero pointers are left unset.</summary>
internal readonly record struct InitCallbacks(nint Result, nint UserData, nint Tokenizer, nint Embedder);

/// <summary>
/// Everything that differs between the two ABIs: the RKLLMParam/RKLLMInput/RKLLMInferParam layouts, how the result
/// callback reaches rkllm_init, and which managed options each generation accepts. Options an ABI cannot express
/// are refused with an <see cref="RkllmException"/> rather than dropped.
/// </summary>
internal unsafe interface IAbiMarshaller
{
    RkllmAbi Abi { get; }

    /// <summary>Calls rkllm_createDefaultParam (struct returned by value) and maps the result.</summary>
    RkllmParams ReadDefaults(RkllmLibrary library, string modelPath);

    /// <summary>Throws when the parameters or options use something this ABI does not have.</summary>
    void ValidateInit(RkllmParams parameters, RkllmInitOptions options);

    /// <summary>Builds RKLLMParam (and v1.3's RKLLMCallback) in <paramref name="keep"/> and calls rkllm_init.</summary>
    int Init(RkllmLibrary library, nint* handle, RkllmParams parameters, InitCallbacks callbacks, NativeAllocations keep);

    /// <summary>Builds an RKLLMInput in <paramref name="memory"/>; the pointer stays valid until it is disposed.</summary>
    nint BuildInput(RkllmInput input, NativeAllocations memory);

    /// <summary>Builds an RKLLMInferParam (and what it points to) in <paramref name="memory"/>.</summary>
    nint BuildInferParams(RkllmInferParams parameters, NativeAllocations memory);

    /// <summary>The int the result callback returns for the sink's answer.</summary>
    int ActionCode(RkllmCallbackAction action);
}

using Nano.Actors.Configuration;
using Nano.Actors.Protocol;
using Nano.Runtime;

namespace Nano.Actors.Handles.Internal;

/// <summary>
/// Applies model commands and the model's init-time extras to a handle. Called only on the handle's
/// pinned thread. <see cref="RkllmException"/> becomes a failed answer; a <see cref="RuntimeFaultException"/>
/// propagates, because the handle is gone.
/// </summary>
internal static class CommandApplier
{
    /// <summary>LoRA adapters, chat template and function tools from the definition, right after rkllm_init.</summary>
    public static void ApplyModelExtras(IRkllmHandle handle, ModelDefinition model)
    {
        foreach (var lora in model.Loras)
            handle.LoadLora(new RkllmLoraAdapter(lora.Path, lora.Name, lora.Scale));
        if (model.ChatTemplate is { } t)
            handle.SetChatTemplate(t.SystemPrompt, t.PromptPrefix, t.PromptPostfix);
        if (model.FunctionTools is { } f)
            handle.SetFunctionTools(f.SystemPrompt, f.ToolsJson, f.ToolResponseStr);
    }

    public static HandleCommandDone Apply(IRkllmHandle handle, int handleId, ModelDefinition model, ModelCommand command)
    {
        try
        {
            return command switch
            {
                LoadModel => Ok(handleId, "loaded"),
                ClearKvCache c => Do(handleId, () => handle.ClearKvCache(c.KeepSystemPrompt), "kv cache cleared"),
                GetKvCacheSize => Ok(handleId, "kv cache sizes") with
                {
                    Values = new Dictionary<string, string> { [$"handle-{handleId}"] = string.Join(",", handle.GetKvCacheSizes()) },
                },
                LoadLora l => model.Loras.FirstOrDefault(x => x.Name == l.AdapterName) is { } lora
                    ? Do(handleId, () => handle.LoadLora(new RkllmLoraAdapter(lora.Path, lora.Name, lora.Scale)), $"LoRA '{lora.Name}' loaded")
                    : Fail(handleId, $"unknown LoRA adapter '{l.AdapterName}'; known: {Known(model.Loras.Select(x => x.Name))}"),
                LoadPromptCache p => model.PromptCaches.FirstOrDefault(x => x.Name == p.CacheName) is { } cache
                    ? Do(handleId, () => handle.LoadPromptCache(cache.Path), $"prompt cache '{cache.Name}' loaded")
                    : Fail(handleId, $"unknown prompt cache '{p.CacheName}'; known: {Known(model.PromptCaches.Select(x => x.Name))}"),
                ReleasePromptCache => Do(handleId, handle.ReleasePromptCache, "prompt cache released"),
                SetChatTemplate t => Do(handleId, () => handle.SetChatTemplate(t.SystemPrompt, t.PromptPrefix, t.PromptPostfix), "chat template set"),
                SetFunctionTools f => Do(handleId, () => handle.SetFunctionTools(f.SystemPrompt, f.ToolsJson, f.ToolResponseStr), "function tools set"),
                _ => Fail(handleId, $"unsupported command {command.GetType().Name}"),
            };
        }
        catch (RkllmException ex)
        {
            return Fail(handleId, ex.Message);
        }
    }

    public static string Known(IEnumerable<string> names)
    {
        var list = string.Join(", ", names);
        return list.Length == 0 ? "(none)" : list;
    }

    private static HandleCommandDone Do(int handleId, Action action, string message)
    {
        action();
        return Ok(handleId, message);
    }

    private static HandleCommandDone Ok(int handleId, string message) => new(handleId, true, message);

    private static HandleCommandDone Fail(int handleId, string message) => new(handleId, false, message);
}

using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Nano.Runtime.Sim.Internal;

/// <summary>Handle bookkeeping that shapes runs: LoRA adapters, prompt cache, chat template, function tools, cross-attention.</summary>
internal sealed partial class SimulatedHandle
{
    /// <summary>Loaded LoRA adapter names (a run's output depends on the adapter it names).</summary>
    public IReadOnlyCollection<string> LoraNames { get { lock (config) return loras.Keys.ToList(); } }

    public void LoadLora(RkllmLoraAdapter adapter)
    {
        const string fn = "rkllm_load_lora";
        ArgumentNullException.ThrowIfNull(adapter);
        ThrowIfDisposed();
        if (string.IsNullOrWhiteSpace(adapter.Name)) throw new RkllmException(fn, -1, "LoRA adapter name is empty");
        if (string.IsNullOrWhiteSpace(adapter.Path)) throw new RkllmException(fn, -1, "LoRA adapter path is empty");
        if (!adapter.Path.StartsWith(SimModelSpec.Scheme, StringComparison.OrdinalIgnoreCase) && !File.Exists(adapter.Path))
            throw new RkllmException(fn, -1, $"LoRA adapter file '{adapter.Path}' not found (sim://<name> needs no file)");
        if (!float.IsFinite(adapter.Scale)) throw new RkllmException(fn, -1, "LoRA scale must be finite");
        lock (config)
        {
            if (!loras.TryAdd(adapter.Name, adapter)) throw new RkllmException(fn, -1, $"LoRA adapter '{adapter.Name}' is already loaded");
        }
    }

    public void LoadPromptCache(string path)
    {
        ThrowIfDisposed();
        var tokens = SimPromptCache.Load(path, profile.Name);
        lock (config) promptCachePath = path;
        engine.SetPromptCache(tokens);
    }

    public void ReleasePromptCache()
    {
        ThrowIfDisposed();
        lock (config) promptCachePath = null;
        engine.SetPromptCache(0);
    }

    public string? PromptCachePath { get { lock (config) return promptCachePath; } }

    public void SetChatTemplate(string systemPrompt, string promptPrefix, string promptPostfix)
    {
        const string fn = "rkllm_set_chat_template";
        ThrowIfDisposed();
        if (systemPrompt is null || promptPrefix is null || promptPostfix is null)
            throw new RkllmException(fn, -1, "system prompt, prefix and postfix must not be null");
        UpdateTemplate(t => t with { SystemPrompt = systemPrompt, PromptPrefix = promptPrefix, PromptPostfix = promptPostfix });
    }

    public void SetFunctionTools(string systemPrompt, string toolsJson, string toolResponseStr)
    {
        const string fn = "rkllm_set_function_tools";
        ThrowIfDisposed();
        if (systemPrompt is null || toolsJson is null || toolResponseStr is null)
            throw new RkllmException(fn, -1, "system prompt, tools and tool response string must not be null");
        // Empty tools turn function calling off: rkllm.h names no call for that, and the emulator accepts empty strings too.
        if (!string.IsNullOrWhiteSpace(toolsJson))
        {
            JToken tools;
            try
            {
                tools = JToken.Parse(toolsJson);
            }
            catch (JsonException e)
            {
                throw new RkllmException(fn, -1, $"tools are not valid JSON: {e.Message}");
            }
            if (tools is not JArray array) throw new RkllmException(fn, -1, "tools must be a JSON array of function definitions");
            if (SimToolCall.FirstToolName(array) is { } first) SimLog.ToolCallsScripted(logger, profile.Name, first);
        }
        UpdateTemplate(t => t with { ToolsSystemPrompt = systemPrompt, ToolsJson = toolsJson, ToolResponse = toolResponseStr });
    }

    public void SetCrossAttnParams(RkllmCrossAttnParams parameters)
    {
        const string fn = "rkllm_set_cross_attn_params";
        ArgumentNullException.ThrowIfNull(parameters);
        ThrowIfDisposed();
        if (!this.parameters.Extend.UseCrossAttn) throw new RkllmException(fn, -1, "the handle was not initialised with use_cross_attn");
        var n = parameters.NumTokens;
        if (n <= 0 || parameters.EncoderMask?.Length != n || parameters.EncoderPos?.Length != n)
            throw new RkllmException(fn, -1, "encoder mask and positions need num_tokens entries");
        if (parameters.EncoderKCache is not { Length: > 0 } k || parameters.EncoderVCache?.Length != k.Length || k.Length % n != 0)
            throw new RkllmException(fn, -1, "encoder K and V caches need equal sizes, a multiple of num_tokens");
        lock (config) crossAttn = parameters;
    }

    public RkllmCrossAttnParams? CrossAttn { get { lock (config) return crossAttn; } }

    /// <summary>The system prompt (template + tools) is prefilled at the start of each fresh conversation.</summary>
    private void UpdateTemplate(Func<SimTemplate, SimTemplate> change)
    {
        int systemTokens;
        lock (config)
        {
            template = change(template);
            systemTokens = meter.Text(template.SystemPrompt) + meter.Text(template.ToolsSystemPrompt) + meter.Text(template.ToolsJson);
        }
        engine.SetSystemPrompt(systemTokens);
    }
}

using Newtonsoft.Json.Linq;

namespace Nano.Gateway.Mcp.Tools.Internal;

/// <summary>The JSON Schemas (2020-12) of nano's tools. Every output schema allows an "error" member for isError results.</summary>
internal static class ToolSchemas
{
    private const string Model = """ "model": { "type": "string", "description": "Model name, as list_models reports it." } """;
    private const string Session = """ "session_id": { "type": "string", "maxLength": 256, "description": "Apply to the handle serving this session (KV-cache reuse); omit for every live handle." } """;
    private const string Error = """
        "error": { "type": "object", "description": "Set on isError results.",
          "properties": { "code": { "type": "integer" }, "name": { "type": "string" }, "message": { "type": "string" },
                          "retry_after_ms": { "type": "integer" } }, "required": ["code", "message"] }
        """;
    private const string Origin = """
        "simulated": { "type": "boolean", "description": "True when the text and timings come from the simulated NPU, not real inference." },
        "origin": { "type": "object", "properties": { "node": { "type": "string" }, "runtime": { "type": "string" }, "handle_id": { "type": "integer" } } },
        "usage": { "type": "object", "properties": { "prompt_tokens": { "type": "integer" }, "completion_tokens": { "type": "integer" }, "total_tokens": { "type": "integer" } } }
        """;

    public static JObject Generate { get; } = Parse($$"""
        { "type": "object", "properties": { {{Model}},
          "prompt": { "type": "string", "description": "The user prompt; the model's chat template is applied by the runtime. Give prompt or messages." },
          "messages": { "type": "array", "minItems": 1, "description": "Chat turns; earlier turns are rendered into the prompt, the last must be from user or tool.",
            "items": { "type": "object", "properties": { "role": { "type": "string", "enum": ["system", "user", "assistant", "tool"] }, "content": { "type": "string" } },
                       "required": ["role", "content"] } },
          "sampling": { "type": "object", "additionalProperties": false, "description": "Overrides of the model's sampling defaults.",
            "properties": { "top_k": { "type": "integer", "minimum": 1 }, "top_p": { "type": "number", "minimum": 0, "maximum": 1 },
                            "temperature": { "type": "number", "minimum": 0 }, "repeat_penalty": { "type": "number", "minimum": 0 },
                            "frequency_penalty": { "type": "number" }, "presence_penalty": { "type": "number" } } },
          "max_tokens": { "type": "integer", "minimum": 1, "maximum": 1048576, "description": "Most tokens to generate (max_new_tokens); default: the model's." },
          "lora": { "type": "string", "description": "LoRA adapter of the model to run with." },
          "prompt_cache": { "type": "string", "description": "Save this run's prompt cache under the model's named cache." },
          "session_id": { "type": "string", "maxLength": 256, "description": "Requests with the same session id run on the same handle (KV cache and history reuse)." },
          "image": { "type": "object", "additionalProperties": false, "description": "Image input for vision models: raw image bytes (data) or the encoder's output (embedding).",
            "properties": { "data": { "type": "string", "contentEncoding": "base64" }, "mimeType": { "type": "string" },
                            "embedding": { "type": "string", "contentEncoding": "base64", "description": "float32 little-endian, n_image x image_tokens x embed_dim." } } },
          "thinking": { "type": "boolean", "description": "Enable the model's thinking mode (Qwen3-style models)." },
          "priority": { "type": "string", "enum": ["interactive", "batch"], "description": "batch work is served after interactive work and shed first." },
          "timeout_ms": { "type": "integer", "minimum": 1, "description": "Per-request timeout; default nano.pool.request-timeout." },
          "request_id": { "type": "string", "minLength": 1, "maxLength": 128, "description": "Your own id for this run (unique on the node), for the abort tool." } },
          "required": ["model"], "additionalProperties": false }
        """);

    public static JObject GenerateOutput { get; } = Parse($$"""
        { "type": "object", "properties": {
          "text": { "type": "string" }, "model": { "type": "string" }, "request_id": { "type": "string" },
          "finish_reason": { "type": "string", "enum": ["stop", "length"] }, {{Origin}},
          "timings": { "type": "object", "properties": { "ttft_ms": { "type": "number" }, "queue_wait_ms": { "type": "number" },
                       "prefill_ms": { "type": "number" }, "decode_tokens_per_second": { "type": "number" } } },
          {{Error}} }, "required": ["model"] }
        """);

    public static JObject Embeddings { get; } = Parse($$"""
        { "type": "object", "properties": { {{Model}},
          "text": { "type": "string", "description": "Text to embed." },
          "pooling": { "type": "string", "enum": ["last", "mean"], "description": "Row of the last hidden layer to return: the last token's (default) or the mean." },
          "session_id": { "type": "string", "maxLength": 256 }, "timeout_ms": { "type": "integer", "minimum": 1 } },
          "required": ["model", "text"], "additionalProperties": false }
        """);

    public static JObject EmbeddingsOutput { get; } = Parse($$"""
        { "type": "object", "properties": {
          "model": { "type": "string" }, "request_id": { "type": "string" }, "embedding": { "type": "array", "items": { "type": "number" } },
          "dimensions": { "type": "integer" }, "tokens": { "type": "integer" }, "pooling": { "type": "string" }, {{Origin}}, {{Error}} },
          "required": ["model"] }
        """);

    public static JObject Abort { get; } = Parse($$"""
        { "type": "object", "properties": {
          "request_id": { "type": "string", "minLength": 1, "description": "nano's id of the run: the generate result's request_id, the dev.nano/requestId of its progress, or your own." },
          {{Model}} }, "required": ["request_id"], "additionalProperties": false }
        """);

    public static JObject AbortOutput { get; } = Parse($$"""
        { "type": "object", "properties": { "request_id": { "type": "string" }, "model": { "type": "string" }, "aborted": { "type": "boolean" }, {{Error}} } }
        """);

    public static JObject ModelOnly { get; } = Parse($$"""{ "type": "object", "properties": { {{Model}} }, "required": ["model"], "additionalProperties": false }""");

    public static JObject ModelSession { get; } = Parse($$"""{ "type": "object", "properties": { {{Model}}, {{Session}} }, "required": ["model"], "additionalProperties": false }""");

    public static JObject ClearKvCache { get; } = Parse($$"""
        { "type": "object", "properties": { {{Model}}, {{Session}},
          "keep_system_prompt": { "type": "boolean", "description": "Keep the system prompt's cache (default false)." } },
          "required": ["model"], "additionalProperties": false }
        """);

    public static JObject LoadLora { get; } = Parse($$"""
        { "type": "object", "properties": { {{Model}}, {{Session}}, "adapter": { "type": "string", "description": "A LoRA adapter configured for the model." } },
          "required": ["model", "adapter"], "additionalProperties": false }
        """);

    public static JObject LoadPromptCache { get; } = Parse($$"""
        { "type": "object", "properties": { {{Model}}, {{Session}}, "cache": { "type": "string", "description": "A prompt cache configured for the model." } },
          "required": ["model", "cache"], "additionalProperties": false }
        """);

    public static JObject SetChatTemplate { get; } = Parse($$"""
        { "type": "object", "properties": { {{Model}}, {{Session}},
          "system_prompt": { "type": "string" }, "prompt_prefix": { "type": "string" }, "prompt_postfix": { "type": "string" } },
          "required": ["model", "system_prompt", "prompt_prefix", "prompt_postfix"], "additionalProperties": false }
        """);

    public static JObject SetFunctionTools { get; } = Parse($$"""
        { "type": "object", "properties": { {{Model}}, {{Session}},
          "system_prompt": { "type": "string" },
          "tools": { "type": ["array", "string"], "description": "Function tool definitions (OpenAI style) as an array, or that array as a JSON string." },
          "tool_response_str": { "type": "string", "description": "Marker the model's template uses for tool results, e.g. <tool_response>." } },
          "required": ["model", "system_prompt", "tools", "tool_response_str"], "additionalProperties": false }
        """);

    public static JObject CommandOutput { get; } = Parse($$"""
        { "type": "object", "properties": { "model": { "type": "string" }, "ok": { "type": "boolean" }, "message": { "type": "string" },
          "values": { "type": "object", "additionalProperties": { "type": "string" }, "description": "Per-handle values, e.g. KV cache sizes." }, {{Error}} },
          "required": ["model"] }
        """);

    public static JObject AddModel { get; } = Parse($$"""
        { "type": "object", "properties": {
          "model": { "type": "object", "description": "One model as in the models array of models.json (name, path, runtime, max_instances, memory_limit_mb, ...); validated the same way." } },
          "required": ["model"], "additionalProperties": false }
        """);

    public static JObject AdminOutput { get; } = Parse($$"""
        { "type": "object", "properties": { "model": { "type": "string" },
          "state": { "type": "string", "enum": ["unloaded", "loading", "ready", "failed", "removed"] },
          "instances": { "type": "integer" }, "memory_mb": { "type": "integer" }, "failure_reason": { "type": ["string", "null"] },
          "handles": { "type": "array" }, "placement": { "type": "array" }, {{Error}} } }
        """);

    public static JObject NoArguments { get; } = Parse("""{ "type": "object", "additionalProperties": false }""");

    private const string ModelInfo = """
        { "type": "object", "properties": {
          "name": { "type": "string" }, "state": { "type": "string", "enum": ["unloaded", "loading", "ready", "failed"] },
          "runtime": { "type": "string" }, "simulated": { "type": "boolean" }, "vision": { "type": "boolean" },
          "loras": { "type": "array", "items": { "type": "string" } }, "prompt_caches": { "type": "array", "items": { "type": "string" } },
          "max_context_len": { "type": "integer" }, "max_new_tokens": { "type": "integer" }, "max_instances": { "type": "integer" },
          "memory_mb": { "type": "integer" }, "queue_depth": { "type": "integer" }, "failure_reason": { "type": ["string", "null"] },
          "handles": { "type": "array", "items": { "type": "object" } } } }
        """;

    public static JObject ListModelsOutput { get; } = Parse($$"""
        { "type": "object", "properties": { "node": { "type": "string" }, "models": { "type": "array", "items": {{ModelInfo}} },
          "live_handles": { "type": "integer" }, "max_handles": { "type": "integer" }, "used_memory_mb": { "type": "integer" },
          "memory_budget_mb": { "type": "integer" }, {{Error}} } }
        """);

    public static JObject ClusterStatusOutput { get; } = Parse("""
        { "type": "object", "properties": {
          "self_address": { "type": "string" }, "leader": { "type": ["string", "null"] }, "clustered": { "type": "boolean" },
          "boards": { "type": "array", "items": { "type": "object", "properties": {
            "address": { "type": "string" }, "node": { "type": "string" }, "status": { "type": "string" },
            "roles": { "type": "array", "items": { "type": "string" } }, "board": { "type": "string" },
            "memory_mb": { "type": "integer" }, "max_handles": { "type": "integer" }, "reserved_memory_mb": { "type": "integer" },
            "placed_replicas": { "type": "integer" }, "pool": { "type": ["object", "null"] } } } },
          "placements": { "type": "array", "items": { "type": "object", "properties": {
            "model_id": { "type": "string" }, "replica": { "type": "integer" }, "entity_id": { "type": "string" },
            "address": { "type": ["string", "null"] }, "node": { "type": ["string", "null"] },
            "unplaced_reason": { "type": ["string", "null"] } } } } } }
        """);

    public static JObject ModelStatusOutput { get; } = Parse(ModelInfo.Replace("\"handles\"", $"{Error}, \"handles\""));

    private static JObject Parse(string json) => JObject.Parse(json);
}

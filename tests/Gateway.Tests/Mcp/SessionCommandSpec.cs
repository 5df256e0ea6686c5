using System.Buffers.Binary;
using Nano.Actors.Protocol;
using Nano.Gateway.JsonRpc;
using Nano.Runtime;

namespace Nano.Gateway.Tests.Mcp;

/// <summary>The administrative tools, embeddings, vision input and model resources against a TestProbe pool.</summary>
public class SessionCommandSpec(ITestOutputHelper output) : SessionSpecBase(output)
{
    public static TheoryData<string, string, ModelCommand> Commands() => new()
    {
        { "load_model", """{ "model": "qwen" }""", new LoadModel { ModelId = "qwen" } },
        { "unload_model", """{ "model": "qwen" }""", new UnloadModel { ModelId = "qwen" } },
        { "clear_kv_cache", """{ "model": "qwen", "session_id": "s", "keep_system_prompt": true }""",
            new ClearKvCache { ModelId = "qwen", SessionId = "s", KeepSystemPrompt = true } },
        { "kv_cache_size", """{ "model": "qwen" }""", new GetKvCacheSize { ModelId = "qwen" } },
        { "load_lora", """{ "model": "qwen", "adapter": "demo" }""", new LoadLora { ModelId = "qwen", AdapterName = "demo" } },
        { "load_prompt_cache", """{ "model": "qwen", "cache": "c" }""", new LoadPromptCache { ModelId = "qwen", CacheName = "c" } },
        { "release_prompt_cache", """{ "model": "qwen", "session_id": "s" }""", new ReleasePromptCache { ModelId = "qwen", SessionId = "s" } },
        { "set_chat_template", """{ "model": "qwen", "system_prompt": "S", "prompt_prefix": "P", "prompt_postfix": "Q" }""",
            new SetChatTemplate("S", "P", "Q") { ModelId = "qwen" } },
        { "set_function_tools", """{ "model": "qwen", "system_prompt": "S", "tools": [ { "type": "function" } ], "tool_response_str": "<r>" }""",
            new SetFunctionTools("S", """[{"type":"function"}]""", "<r>") { ModelId = "qwen" } },
        { "set_function_tools", """{ "model": "qwen", "system_prompt": "S", "tools": "[]", "tool_response_str": "<r>" }""",
            new SetFunctionTools("S", "[]", "<r>") { ModelId = "qwen" } },
    };

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task Each_administrative_tool_sends_its_model_command_and_reports_the_answer(string tool, string arguments, ModelCommand expected)
    {
        await InitializeAsync();
        Send(Request(1, "tools/call", ToolCall(tool, JObject.Parse(arguments))));
        var command = await Pool.ExpectMsgAsync<ModelCommand>(Bounded);
        Assert.Equal(expected, command);
        Pool.Reply(new CommandResult("qwen", true, "handle 1: done") { Values = new Dictionary<string, string> { ["handle-1"] = "12,0" } });
        var result = await ResultAsync(1);
        Assert.False((bool)result["isError"]!);
        Assert.Equal("handle 1: done", (string?)result["content"]![0]!["text"]);
        Assert.Equal("12,0", (string?)result["structuredContent"]!["values"]!["handle-1"]);
    }

    [Fact]
    public async Task A_refused_command_is_an_is_error_result_with_the_mapped_code()
    {
        await InitializeAsync();
        Send(Request(1, "tools/call", ToolCall("load_model", new JObject { ["model"] = "big" })));
        await Pool.ExpectMsgAsync<LoadModel>(Bounded);
        Pool.Reply(new CommandResult("big", false, "cannot load model 'big': no memory", NanoErrorCode.ResourceExhausted));
        var result = await ResultAsync(1);
        Assert.True((bool)result["isError"]!);
        Assert.Equal(JsonRpcErrorCodes.ResourceExhausted, (int)result["structuredContent"]!["error"]!["code"]!);
    }

    [Fact]
    public async Task A_command_the_pool_never_answers_ends_in_a_timeout_result()
    {
        await InitializeAsync();
        Send(Request(1, "tools/call", ToolCall("kv_cache_size", new JObject { ["model"] = "qwen" })));
        await Pool.ExpectMsgAsync<GetKvCacheSize>(Bounded);
        var result = await ResultAsync(1);
        Assert.Equal("TIMEOUT", (string?)result["structuredContent"]!["error"]!["name"]);
    }

    [Fact]
    public async Task List_models_merges_the_pool_snapshot_with_the_configured_models()
    {
        await InitializeAsync();
        Send(Request(1, "tools/call", ToolCall("list_models", new JObject())));
        await Pool.ExpectMsgAsync<GetPoolStatus>(Bounded);
        Pool.Reply(new PoolSnapshot("node-1",
            [new ModelStatus("qwen", ModelState.Ready, "sim", true, [new HandleStatus(1, 0, 1690, false, 0, null)], 0, 1, 1690, null)],
            1, 8, 1690, 16384));
        var structured = (await ResultAsync(1))["structuredContent"]!;
        Assert.Equal("node-1", (string?)structured["node"]);
        var models = (JArray)structured["models"]!;
        Assert.Equal("ready", (string?)models.Single(m => (string?)m["name"] == "qwen")["state"]);
        Assert.True((bool)models.Single(m => (string?)m["name"] == "qwen")["simulated"]!);
        Assert.Equal("unloaded", (string?)models.Single(m => (string?)m["name"] == "vl")["state"]);
        Assert.True((bool)models.Single(m => (string?)m["name"] == "vl")["vision"]!);
    }

    [Fact]
    public async Task Model_status_of_an_unknown_model_is_an_is_error_result()
    {
        await InitializeAsync();
        Send(Request(1, "tools/call", ToolCall("model_status", new JObject { ["model"] = "ghost" })));
        await Pool.ExpectMsgAsync<GetPoolStatus>(Bounded);
        Pool.Reply(new PoolSnapshot("n", [], 0, 8, 0, 1));
        var result = await ResultAsync(1);
        Assert.Equal(JsonRpcErrorCodes.ModelNotFound, (int)result["structuredContent"]!["error"]!["code"]!);
    }

    [Theory]
    [InlineData("last", new[] { 4f, 5f, 6f })]
    [InlineData("mean", new[] { 2.5f, 3.5f, 4.5f })]
    public async Task Embeddings_run_in_last_hidden_layer_mode_and_return_one_pooled_row(string pooling, float[] expected)
    {
        await InitializeAsync();
        Send(Request(1, "tools/call", ToolCall("embeddings", new JObject { ["model"] = "qwen", ["text"] = "hello", ["pooling"] = pooling })));
        var run = await ExpectGenerateAsync();
        Assert.Equal(RkllmInferMode.LastHiddenLayer, run.Mode);
        Assert.Equal("hello", Assert.IsType<RkllmPromptInput>(run.Input).Prompt);
        run.ReplyTo.Tell(Done(run.RequestId, 0) with { Vectors = [1, 2, 3, 4, 5, 6], VectorWidth = 3 });
        var structured = (await ResultAsync(1))["structuredContent"]!;
        Assert.Equal(expected, structured["embedding"]!.Values<float>());
        Assert.Equal(3, (int)structured["dimensions"]!);
        Assert.Equal(2, (int)structured["tokens"]!);
    }

    [Fact]
    public async Task An_image_for_a_vision_model_with_a_simulated_encoder_becomes_multimodal_input()
    {
        await InitializeAsync();
        Send(Request(1, "tools/call", ToolCall("generate", new JObject
        {
            ["model"] = "vl", ["prompt"] = "What is this?", ["image"] = new JObject { ["data"] = Convert.ToBase64String([1, 2, 3]), ["mimeType"] = "image/png" },
        })));
        var input = Assert.IsType<RkllmMultimodalInput>((await ExpectGenerateAsync()).Input);
        Assert.Equal("<image>What is this?", input.Prompt);
        Assert.Equal(4 * 8, input.Image!.Embed.Length);
        Assert.Equal((4, 1, 32, 32), (input.Image.NImageTokens, input.Image.NImage, input.Image.Width, input.Image.Height));
    }

    [Fact]
    public async Task An_image_embedding_is_passed_through_as_float32_rows()
    {
        await InitializeAsync();
        var floats = Enumerable.Range(0, 2 * 4 * 8).Select(i => (float)i).ToArray();
        var bytes = new byte[floats.Length * 4];
        for (var i = 0; i < floats.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * 4), floats[i]);
        Send(Request(1, "tools/call", ToolCall("generate", new JObject
        {
            ["model"] = "vl", ["prompt"] = "<image> left or right?", ["image"] = new JObject { ["embedding"] = Convert.ToBase64String(bytes) },
        })));
        var input = Assert.IsType<RkllmMultimodalInput>((await ExpectGenerateAsync()).Input);
        Assert.Equal(floats, input.Image!.Embed);
        Assert.Equal(2, input.Image.NImage);
        Assert.Equal("<image> left or right?", input.Prompt);
    }

    [Fact]
    public async Task An_image_for_a_text_model_is_refused_as_an_is_error_result()
    {
        await InitializeAsync();
        Send(Request(1, "tools/call", ToolCall("generate", new JObject
        {
            ["model"] = "qwen", ["prompt"] = "x", ["image"] = new JObject { ["data"] = "AAAA" },
        })));
        var result = await ResultAsync(1);
        Assert.True((bool)result["isError"]!);
        Assert.Contains("not a vision model", (string?)result["content"]![0]!["text"]);
        await Pool.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(50));
    }

    [Fact]
    public async Task Models_are_resources_listed_and_read_as_json()
    {
        await InitializeAsync();
        Send(Request(1, "resources/list"));
        var resources = (JArray)(await ResultAsync(1))["resources"]!;
        Assert.Equal(new[] { "nano://models/qwen", "nano://models/vl" }, resources.Select(r => (string)r["uri"]!));
        Send(Request(2, "resources/read", new JObject { ["uri"] = "nano://models/qwen" }));
        await Pool.ExpectMsgAsync<GetPoolStatus>(Bounded);
        Pool.Reply(new PoolSnapshot("n", [], 0, 8, 0, 1));
        var contents = (JArray)(await ResultAsync(2))["contents"]!;
        Assert.Equal("qwen", (string?)JObject.Parse((string)contents[0]!["text"]!)["name"]);
    }

    [Fact]
    public async Task An_unknown_resource_is_32002_in_the_legacy_era_and_invalid_params_in_the_modern_one()
    {
        await InitializeAsync();
        Send(Request(1, "resources/read", new JObject { ["uri"] = "nano://models/ghost" }));
        await ErrorAsync(1, JsonRpcErrorCodes.ResourceNotFound);
        Send(Request(2, "resources/read", new JObject { ["uri"] = "nano://models/ghost", ["_meta"] = ModernMeta() }));
        var error = await ErrorAsync(2, JsonRpcErrorCodes.InvalidParams);
        Assert.Equal("nano://models/ghost", (string?)error["data"]!["uri"]);
    }
}

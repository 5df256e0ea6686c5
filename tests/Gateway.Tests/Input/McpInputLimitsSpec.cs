using Nano.Gateway.Hosting;
using Nano.Gateway.JsonRpc;
using Nano.Gateway.Tests.Mcp;

namespace Nano.Gateway.Tests.Input;

/// <summary>
/// nano.gateway.input on the MCP tools: a call over a limit is -32602 whose data names the limit, nothing reaches the
/// pool, and the session serves the next call. Limits are small here; one byte per token makes the context bound exact.
/// </summary>
public sealed class McpInputLimitsSpec(ITestOutputHelper output) : SessionSpecBase(output, new GatewaySettings
{
    CommandTimeout = TimeSpan.FromSeconds(3),
    Input = new InputLimits
    {
        MaxPromptBytes = 8000, MaxMessages = 3, MaxTools = 2, MaxImages = 1, MaxImageBytes = 64, MaxBatchSize = 4, ContextBytesPerToken = 1,
    },
})
{
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(200);

    [Fact]
    public async Task A_prompt_over_max_prompt_bytes_is_refused_naming_the_limit_and_the_session_serves_the_next_call()
    {
        await InitializeAsync();
        // 2 700 three-byte characters: 8 100 UTF-8 bytes, though only 2 700 chars.
        Send(Request(1, "tools/call", ToolCall("generate", new JObject { ["model"] = "qwen", ["prompt"] = new string('€', 2700) })));
        var error = await ErrorAsync(1, JsonRpcErrorCodes.InvalidParams);
        AssertLimit(error, "nano.gateway.input.max-prompt-bytes", 8000, 8100);
        await Pool.ExpectNoMsgAsync(Quiet);

        Send(Request(2, "tools/call", ToolCall("generate", new JObject { ["model"] = "qwen", ["prompt"] = "short" })));
        Assert.Equal("short", Assert.IsType<Nano.Runtime.RkllmPromptInput>((await ExpectGenerateAsync()).Input).Prompt);
    }

    [Fact]
    public async Task More_messages_than_max_messages_are_refused()
    {
        await InitializeAsync();
        var messages = new JArray(Enumerable.Range(0, 4).Select(i => new JObject { ["role"] = "user", ["content"] = $"turn {i}" }));
        Send(Request(1, "tools/call", ToolCall("generate", new JObject { ["model"] = "qwen", ["messages"] = messages })));
        AssertLimit(await ErrorAsync(1, JsonRpcErrorCodes.InvalidParams), "nano.gateway.input.max-messages", 3, 4);
        await Pool.ExpectNoMsgAsync(Quiet);
    }

    [Fact]
    public async Task A_prompt_that_cannot_fit_the_models_context_is_refused_before_it_reaches_the_pool()
    {
        await InitializeAsync();
        Send(Request(1, "tools/call", ToolCall("generate", new JObject { ["model"] = "qwen", ["prompt"] = new string('a', 4097) })));
        var error = await ErrorAsync(1, JsonRpcErrorCodes.InvalidParams);
        AssertLimit(error, "max_context_len", 4096, 4097);
        Assert.Equal("qwen", (string?)error["data"]!["model"]);
        Assert.Contains("context of 4096", (string?)error["message"]);
        await Pool.ExpectNoMsgAsync(Quiet);

        Send(Request(2, "tools/call", ToolCall("generate", new JObject { ["model"] = "qwen", ["prompt"] = new string('a', 4096) })));
        await ExpectGenerateAsync();
    }

    [Fact]
    public async Task Max_tokens_above_the_models_context_is_refused()
    {
        await InitializeAsync();
        Send(Request(1, "tools/call", ToolCall("generate", new JObject { ["model"] = "qwen", ["prompt"] = "hi", ["max_tokens"] = 5000 })));
        AssertLimit(await ErrorAsync(1, JsonRpcErrorCodes.InvalidParams), "max_context_len", 4096, 5000);
        await Pool.ExpectNoMsgAsync(Quiet);
    }

    [Fact]
    public async Task An_oversize_image_is_refused_from_its_base64_length_before_any_decoding()
    {
        await InitializeAsync();
        // Not even base64: had it been decoded first, the error would say so.
        var image = new JObject { ["data"] = new string('!', 100), ["mimeType"] = "image/png" };
        Send(Request(1, "tools/call", ToolCall("generate", new JObject { ["model"] = "vl", ["prompt"] = "what is it?", ["image"] = image })));
        var error = await ErrorAsync(1, JsonRpcErrorCodes.InvalidParams);
        AssertLimit(error, "nano.gateway.input.max-image-bytes", 64, 75);
        Assert.DoesNotContain("base64", (string?)error["message"]);
        await Pool.ExpectNoMsgAsync(Quiet);
    }

    [Fact]
    public async Task More_image_embeddings_than_max_images_are_refused()
    {
        // The vision model takes 4 x 8 floats per image; two images' worth is 256 bytes, so allow the bytes, not the count.
        var context = Context with { Settings = Context.Settings with { Input = Context.Settings.Input with { MaxImageBytes = 1024 } } };
        var session = Sys.ActorOf(Nano.Gateway.Mcp.McpSessionActor.Props(context, Transport.Ref));
        session.Tell(new Nano.Gateway.Mcp.InboundMessage(System.Text.Encoding.UTF8.GetBytes(Request(1, "tools/call", ToolCall("generate",
            new JObject { ["model"] = "vl", ["prompt"] = "two", ["image"] = new JObject { ["embedding"] = Convert.ToBase64String(new byte[2 * 4 * 8 * 4]) } },
            ModernMeta())).ToString(Newtonsoft.Json.Formatting.None))));
        AssertLimit(await ErrorAsync(1, JsonRpcErrorCodes.InvalidParams), "nano.gateway.input.max-images", 1, 2);
        await Pool.ExpectNoMsgAsync(Quiet);
    }

    [Fact]
    public async Task Set_function_tools_with_more_than_max_tools_is_refused()
    {
        await InitializeAsync();
        var tools = new JArray(Enumerable.Range(0, 3).Select(i => new JObject
        {
            ["type"] = "function", ["function"] = new JObject { ["name"] = $"f{i}", ["parameters"] = new JObject() },
        }));
        Send(Request(1, "tools/call", ToolCall("set_function_tools", new JObject
        {
            ["model"] = "qwen", ["system_prompt"] = "s", ["tools"] = tools, ["tool_response_str"] = "<tool_response>",
        })));
        AssertLimit(await ErrorAsync(1, JsonRpcErrorCodes.InvalidParams), "nano.gateway.input.max-tools", 2, 3);
        await Pool.ExpectNoMsgAsync(Quiet);
    }

    [Fact]
    public async Task An_embeddings_text_that_cannot_fit_the_context_is_refused()
    {
        await InitializeAsync();
        Send(Request(1, "tools/call", ToolCall("embeddings", new JObject { ["model"] = "qwen", ["text"] = new string('x', 5000) })));
        AssertLimit(await ErrorAsync(1, JsonRpcErrorCodes.InvalidParams), "max_context_len", 4096, 5000);
        await Pool.ExpectNoMsgAsync(Quiet);
    }

    [Fact]
    public async Task A_batch_larger_than_max_batch_size_is_an_invalid_request_and_the_session_goes_on()
    {
        await InitializeAsync("2025-03-26");
        Send("[" + string.Join(",", Enumerable.Range(1, 5).Select(i => $$"""{"jsonrpc":"2.0","id":{{i}},"method":"ping"}""")) + "]");
        AssertLimit(await ErrorAsync(null, JsonRpcErrorCodes.InvalidRequest), "nano.gateway.input.max-batch-size", 4, 5);
        Send("""[{"jsonrpc":"2.0","id":7,"method":"ping"}]""");
        var batch = Assert.IsType<JArray>((await NextAsync()).Frame);
        Assert.Equal(7, (int)batch[0]["id"]!);
    }

    [Fact]
    public async Task A_session_id_longer_than_256_characters_is_refused()
    {
        await InitializeAsync();
        Send(Request(1, "tools/call", ToolCall("generate", new JObject { ["model"] = "qwen", ["prompt"] = "hi", ["session_id"] = new string('s', 257) })));
        Assert.Contains("'session_id' must be at most 256 characters", (string?)(await ErrorAsync(1, JsonRpcErrorCodes.InvalidParams))["message"]);
        await Pool.ExpectNoMsgAsync(Quiet);
    }

    private static void AssertLimit(JObject error, string limit, long max, long actual)
    {
        var data = Assert.IsType<JObject>(error["data"]);
        Assert.Equal(limit, (string?)data["limit"]);
        Assert.Equal(max, (long)data["max"]!);
        Assert.Equal(actual, (long)data["actual"]!);
    }
}

using Nano.Actors.Protocol;
using Nano.Gateway.Hosting;
using Nano.Gateway.JsonRpc;
using Nano.Gateway.Mcp;
using Nano.Runtime;

namespace Nano.Gateway.Tests.Mcp;

/// <summary>tools/call generate against a TestProbe pool: the request sent, progress, results, errors, cancellation.</summary>
public class SessionToolCallSpec(ITestOutputHelper output)
    : SessionSpecBase(output, new GatewaySettings { MaxInFlight = 2, CommandTimeout = TimeSpan.FromSeconds(3) })
{
    [Fact]
    public async Task Generate_sends_the_pool_exactly_the_request_the_arguments_describe()
    {
        await InitializeAsync();
        Send(Request(1, "tools/call", ToolCall("generate", JObject.Parse("""
            { "model": "qwen", "prompt": "Why is the sky blue?", "max_tokens": 32, "lora": "demo", "prompt_cache": "c1",
              "session_id": "s-1", "thinking": true, "priority": "batch", "timeout_ms": 1500,
              "sampling": { "top_k": 5, "top_p": 0.5, "temperature": 0.25, "repeat_penalty": 1.5, "frequency_penalty": 0.1, "presence_penalty": 0.2 } }
            """))));
        var request = await ExpectGenerateAsync();
        Assert.Equal("qwen", request.ModelId);
        var input = Assert.IsType<RkllmPromptInput>(request.Input);
        Assert.Equal("Why is the sky blue?", input.Prompt);
        Assert.Equal("user", input.Role);
        Assert.True(input.EnableThinking);
        Assert.Equal(RkllmInferMode.Generate, request.Mode);
        Assert.Equal(32, request.MaxNewTokens);
        Assert.Equal("demo", request.LoraAdapter);
        Assert.Equal("c1", request.PromptCache);
        Assert.Equal("s-1", request.SessionId);
        Assert.Equal(RequestPriority.Batch, request.Priority);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), request.Timeout);
        Assert.Equal(new SamplingOverrides { TopK = 5, TopP = 0.5f, Temperature = 0.25f, RepeatPenalty = 1.5f, FrequencyPenalty = 0.1f, PresencePenalty = 0.2f },
            request.Sampling);
        Assert.Equal(Session, request.ReplyTo);
        Assert.False(string.IsNullOrEmpty(request.RequestId));
    }

    [Fact]
    public async Task Chat_messages_are_rendered_into_one_prompt_with_the_last_turns_role()
    {
        await InitializeAsync();
        Send(Request(1, "tools/call", ToolCall("generate", JObject.Parse("""
            { "model": "qwen", "messages": [ { "role": "system", "content": "Be brief." }, { "role": "user", "content": "Hi" },
              { "role": "assistant", "content": "Hello!" }, { "role": "tool", "content": "{\"t\":42}" } ] }
            """))));
        var input = Assert.IsType<RkllmPromptInput>((await ExpectGenerateAsync()).Input);
        Assert.Equal("system: Be brief.\nuser: Hi\nassistant: Hello!\n{\"t\":42}", input.Prompt);
        Assert.Equal("tool", input.Role);
    }

    [Theory]
    [InlineData(5)]
    [InlineData("tok-5")]
    public async Task Each_chunk_becomes_one_progress_notification_echoing_the_token_exactly(object token)
    {
        await InitializeAsync();
        Send(Request(9, "tools/call", ToolCall("generate", new JObject { ["model"] = "qwen", ["prompt"] = "hi" },
            new JObject { ["progressToken"] = JToken.FromObject(token) })));
        var run = await ExpectGenerateAsync();
        string[] pieces = ["Hel", "lo \"wo\"\n", "rld ✓"];
        for (var i = 0; i < pieces.Length; i++) run.ReplyTo.Tell(new TokenChunk(run.RequestId, i, pieces[i], 100 + i));
        for (var i = 0; i < pieces.Length; i++)
        {
            var (frame, message) = await NextAsync();
            Assert.Equal(OutboundKind.Notification, message.Kind);
            Assert.Equal(new RequestId(9), message.RelatedRequest);
            Assert.Equal("notifications/progress", (string?)frame["method"]);
            Assert.Equal(JToken.FromObject(token), frame["params"]!["progressToken"]);
            Assert.Equal(JToken.FromObject(token).Type, frame["params"]!["progressToken"]!.Type);
            Assert.Equal(i + 1, (long)frame["params"]!["progress"]!);
            Assert.Equal(pieces[i], (string?)frame["params"]!["message"]);
            Assert.Equal(run.RequestId, (string?)frame["params"]!["_meta"]!["dev.nano/requestId"]);
        }
        run.ReplyTo.Tell(Done(run.RequestId, 3));
        var result = await ResultAsync(9);
        Assert.False((bool)result["isError"]!);
        Assert.Equal("Hello \"wo\"\nrld ✓", (string?)result["content"]![0]!["text"]);
        var structured = result["structuredContent"]!;
        Assert.Equal("Hello \"wo\"\nrld ✓", (string?)structured["text"]);
        Assert.True((bool)structured["simulated"]!);
        Assert.Equal("stop", (string?)structured["finish_reason"]);
        Assert.Equal(3, (int)structured["usage"]!["completion_tokens"]!);
        Assert.Equal(run.RequestId, (string?)structured["request_id"]);
    }

    [Fact]
    public async Task A_result_from_a_real_runtime_says_it_is_not_simulated()
    {
        Send(Request(1, "tools/call", ToolCall("generate", new JObject { ["model"] = "qwen", ["prompt"] = "hi" }, ModernMeta())));
        var run = await ExpectGenerateAsync();
        run.ReplyTo.Tell(Done(run.RequestId, 0, simulated: false));
        var result = await ResultAsync(1);
        Assert.False((bool)result["structuredContent"]!["simulated"]!);
        Assert.Equal("complete", (string?)result["resultType"]);
    }

    [Fact]
    public async Task Without_a_progress_token_no_progress_is_sent()
    {
        await InitializeAsync();
        Send(Request(1, "tools/call", ToolCall("generate", new JObject { ["model"] = "qwen", ["prompt"] = "hi" })));
        var run = await ExpectGenerateAsync();
        run.ReplyTo.Tell(new TokenChunk(run.RequestId, 0, "a", 1));
        run.ReplyTo.Tell(Done(run.RequestId, 1));
        Assert.Equal("a", (string?)(await ResultAsync(1))["content"]![0]!["text"]);
    }

    [Fact]
    public async Task Cancellation_sends_cancel_request_for_the_run_and_no_answer_follows()
    {
        await InitializeAsync();
        Send(Request("g", "tools/call", ToolCall("generate", new JObject { ["model"] = "qwen", ["prompt"] = "long" },
            new JObject { ["progressToken"] = 1 })));
        var run = await ExpectGenerateAsync();
        Send("""{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":"g","reason":"user"}}""");
        var cancel = await Pool.ExpectMsgAsync<CancelRequest>(Bounded);
        Assert.Equal(new CancelRequest("qwen", run.RequestId), cancel);
        Assert.Equal(new RequestId("g"), (await Transport.ExpectMsgAsync<RequestDropped>(Bounded)).Id);
        // Late output of the aborted run is dropped: the spec forbids answering a cancelled request.
        run.ReplyTo.Tell(new TokenChunk(run.RequestId, 0, "late", 1));
        run.ReplyTo.Tell(new Failed(run.RequestId, NanoErrorCode.Cancelled, "cancelled", false));
        Send(Request(2, "ping"));
        Assert.Empty(await ResultAsync(2));
    }

    [Fact]
    public async Task A_cancellation_naming_a_numeric_id_does_not_cancel_the_string_id()
    {
        await InitializeAsync();
        Send(Request("1", "tools/call", ToolCall("generate", new JObject { ["model"] = "qwen", ["prompt"] = "x" })));
        var run = await ExpectGenerateAsync();
        Send("""{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":1}}""");
        run.ReplyTo.Tell(Done(run.RequestId, 0));
        await ResultAsync("1");
        await Pool.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public async Task Stream_closed_cancels_the_request_like_a_cancellation()
    {
        Send(Request(4, "tools/call", ToolCall("generate", new JObject { ["model"] = "qwen", ["prompt"] = "x" }, ModernMeta())));
        var run = await ExpectGenerateAsync();
        Session.Tell(new RequestStreamClosed(4));
        Assert.Equal(run.RequestId, (await Pool.ExpectMsgAsync<CancelRequest>(Bounded)).RequestId);
    }

    [Fact]
    public async Task A_closed_transport_cancels_every_run_and_stops_the_session()
    {
        await InitializeAsync();
        Send(Request(1, "tools/call", ToolCall("generate", new JObject { ["model"] = "qwen", ["prompt"] = "a" })));
        Send(Request(2, "tools/call", ToolCall("generate", new JObject { ["model"] = "qwen", ["prompt"] = "b" })));
        var first = await ExpectGenerateAsync();
        var second = await ExpectGenerateAsync();
        Watch(Session);
        Session.Tell(TransportClosed.Instance);
        var cancelled = new[] { await Pool.ExpectMsgAsync<CancelRequest>(Bounded), await Pool.ExpectMsgAsync<CancelRequest>(Bounded) };
        Assert.Equal(new[] { first.RequestId, second.RequestId }.Order(), cancelled.Select(c => c.RequestId).Order());
        await ExpectTerminatedAsync(Session, Bounded);
    }

    [Fact]
    public async Task A_full_queue_is_a_json_rpc_error_with_retry_after_ms()
    {
        await InitializeAsync();
        Send(Request(3, "tools/call", ToolCall("generate", new JObject { ["model"] = "qwen", ["prompt"] = "x" })));
        var run = await ExpectGenerateAsync();
        run.ReplyTo.Tell(new Rejected(run.RequestId, NanoErrorCode.QueueFull, "the queue of model 'qwen' is full (64 waiting)", TimeSpan.FromMilliseconds(1234.2)));
        var error = await ErrorAsync(3, JsonRpcErrorCodes.QueueFull);
        Assert.Equal(1235, (long)error["data"]!["retry_after_ms"]!);
        Assert.Equal("QUEUE_FULL", (string?)error["data"]!["name"]);
        Assert.Contains("full", (string?)error["message"]);
    }

    [Fact]
    public async Task Resource_exhaustion_is_a_json_rpc_error_too()
    {
        await InitializeAsync();
        Send(Request(3, "tools/call", ToolCall("generate", new JObject { ["model"] = "qwen", ["prompt"] = "x" })));
        var run = await ExpectGenerateAsync();
        run.ReplyTo.Tell(new Rejected(run.RequestId, NanoErrorCode.ResourceExhausted, "no memory"));
        var error = await ErrorAsync(3, JsonRpcErrorCodes.ResourceExhausted);
        Assert.Equal("RESOURCE_EXHAUSTED", (string?)error["data"]!["name"]);
    }

    [Theory]
    [InlineData(NanoErrorCode.Timeout, JsonRpcErrorCodes.Timeout, "TIMEOUT")]
    [InlineData(NanoErrorCode.ModelFailed, JsonRpcErrorCodes.ModelFailed, "MODEL_FAILED")]
    [InlineData(NanoErrorCode.RuntimeFault, JsonRpcErrorCodes.RuntimeFault, "RUNTIME_FAULT")]
    [InlineData(NanoErrorCode.Cancelled, JsonRpcErrorCodes.Cancelled, "CANCELLED")]
    public async Task A_failed_run_is_an_is_error_result_with_the_nano_code(NanoErrorCode code, int expected, string name)
    {
        await InitializeAsync();
        Send(Request(3, "tools/call", ToolCall("generate", new JObject { ["model"] = "qwen", ["prompt"] = "x" })));
        var run = await ExpectGenerateAsync();
        run.ReplyTo.Tell(new TokenChunk(run.RequestId, 0, "par", 1));
        run.ReplyTo.Tell(new Failed(run.RequestId, code, "it broke", Retriable: true));
        var result = await ResultAsync(3);
        Assert.True((bool)result["isError"]!);
        var error = result["structuredContent"]!["error"]!;
        Assert.Equal(expected, (int)error["code"]!);
        Assert.Equal(name, (string?)error["name"]);
        Assert.Equal("par", (string?)result["structuredContent"]!["partial_text"]);
        Assert.StartsWith(name, (string?)result["content"]![0]!["text"]);
    }

    [Fact]
    public async Task An_unknown_model_is_an_is_error_result_naming_the_code()
    {
        await InitializeAsync();
        Send(Request(3, "tools/call", ToolCall("generate", new JObject { ["model"] = "nope", ["prompt"] = "x" })));
        var run = await ExpectGenerateAsync();
        run.ReplyTo.Tell(new Rejected(run.RequestId, NanoErrorCode.ModelNotFound, "unknown model 'nope'; known: qwen, vl"));
        var result = await ResultAsync(3);
        Assert.True((bool)result["isError"]!);
        Assert.Equal(JsonRpcErrorCodes.ModelNotFound, (int)result["structuredContent"]!["error"]!["code"]!);
    }

    [Fact]
    public async Task An_unknown_tool_is_invalid_params()
    {
        await InitializeAsync();
        Send(Request(1, "tools/call", ToolCall("summon_dragon", new JObject())));
        var error = await ErrorAsync(1, JsonRpcErrorCodes.InvalidParams);
        Assert.Equal("Unknown tool: summon_dragon", (string?)error["message"]);
    }

    [Theory]
    [InlineData("""{ "prompt": "x" }""", "missing required argument 'model'")]
    [InlineData("""{ "model": 5, "prompt": "x" }""", "'model' must be a string")]
    [InlineData("""{ "model": "qwen" }""", "exactly one of 'prompt' and 'messages'")]
    [InlineData("""{ "model": "qwen", "prompt": "x", "messages": [] }""", "exactly one of 'prompt' and 'messages'")]
    [InlineData("""{ "model": "qwen", "prompt": "x", "max_tokens": 0 }""", "'max_tokens' must be an integer")]
    [InlineData("""{ "model": "qwen", "prompt": "x", "max_tokens": "many" }""", "'max_tokens' must be an integer")]
    [InlineData("""{ "model": "qwen", "prompt": "x", "sampling": { "top_p": 2 } }""", "'top_p' must be a number")]
    [InlineData("""{ "model": "qwen", "prompt": "x", "sampling": { "warmth": 1 } }""", "unknown sampling parameter 'warmth'")]
    [InlineData("""{ "model": "qwen", "prompt": "x", "temperature": 1 }""", "unknown argument 'temperature'")]
    [InlineData("""{ "model": "qwen", "messages": [ { "role": "assistant", "content": "x" } ] }""", "the last message must come from the user or a tool")]
    [InlineData("""{ "model": "qwen", "messages": [ { "role": "user" } ] }""", "messages[0]")]
    [InlineData("""{ "model": "qwen", "prompt": "x", "image": { "data": "!!", "embedding": "AA==" } }""", "exactly one of 'data' and 'embedding'")]
    public async Task Arguments_that_break_the_schema_are_invalid_params_naming_the_problem(string arguments, string problem)
    {
        await InitializeAsync();
        Send(Request(1, "tools/call", ToolCall("generate", JObject.Parse(arguments))));
        var error = await ErrorAsync(1, JsonRpcErrorCodes.InvalidParams);
        Assert.Contains(problem, (string?)error["message"]);
        Assert.StartsWith("Invalid arguments for tool generate", (string?)error["message"]);
        await Pool.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(50));
    }

    [Fact]
    public async Task Arguments_that_are_not_an_object_are_invalid_params()
    {
        await InitializeAsync();
        Send("""{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"generate","arguments":[1]}}""");
        await ErrorAsync(1, JsonRpcErrorCodes.InvalidParams);
        Send("""{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"generate","arguments":{"model":"qwen","prompt":"x"},"_meta":{"progressToken":1.5}}}""");
        await ErrorAsync(2, JsonRpcErrorCodes.InvalidParams);
    }

    [Fact]
    public async Task Beyond_the_in_flight_limit_calls_are_refused_until_one_finishes()
    {
        await InitializeAsync();
        Send(Request(1, "tools/call", ToolCall("generate", new JObject { ["model"] = "qwen", ["prompt"] = "a" })));
        Send(Request(2, "tools/call", ToolCall("generate", new JObject { ["model"] = "qwen", ["prompt"] = "b" })));
        Send(Request(3, "tools/call", ToolCall("generate", new JObject { ["model"] = "qwen", ["prompt"] = "c" })));
        var first = await ExpectGenerateAsync();
        await ExpectGenerateAsync();
        var error = await ErrorAsync(3, JsonRpcErrorCodes.TooManyRequests);
        Assert.Equal(2, (int)error["data"]!["max_in_flight"]!);
        first.ReplyTo.Tell(Done(first.RequestId, 0));
        await ResultAsync(1);
        Send(Request(4, "tools/call", ToolCall("generate", new JObject { ["model"] = "qwen", ["prompt"] = "d" })));
        await ExpectGenerateAsync();
    }

    [Fact]
    public async Task A_request_id_still_in_progress_cannot_be_reused()
    {
        await InitializeAsync();
        Send(Request(1, "tools/call", ToolCall("generate", new JObject { ["model"] = "qwen", ["prompt"] = "a" })));
        await ExpectGenerateAsync();
        Send(Request(1, "ping"));
        await ErrorAsync(1, JsonRpcErrorCodes.InvalidRequest);
    }

    [Fact]
    public async Task Abort_cancels_the_named_run_which_then_ends_as_cancelled()
    {
        await InitializeAsync();
        Send(Request(1, "tools/call", ToolCall("generate", new JObject { ["model"] = "qwen", ["prompt"] = "a", ["request_id"] = "mine-1" })));
        var run = await ExpectGenerateAsync();
        Assert.Equal("mine-1", run.RequestId);
        Send(Request(2, "tools/call", ToolCall("abort", new JObject { ["request_id"] = "mine-1" })));
        Assert.Equal(new CancelRequest("qwen", "mine-1"), await Pool.ExpectMsgAsync<CancelRequest>(Bounded));
        Assert.True((bool)(await ResultAsync(2))["structuredContent"]!["aborted"]!);
        run.ReplyTo.Tell(new Failed("mine-1", NanoErrorCode.Cancelled, "aborted", false));
        var aborted = await ResultAsync(1);
        Assert.True((bool)aborted["isError"]!);
        Assert.Equal("CANCELLED", (string?)aborted["structuredContent"]!["error"]!["name"]);
    }

    [Fact]
    public async Task Legacy_log_level_turns_on_log_notifications_about_the_request()
    {
        await InitializeAsync();
        Send(Request(1, "logging/setLevel", new JObject { ["level"] = "debug" }));
        await ResultAsync(1);
        Send(Request(2, "tools/call", ToolCall("generate", new JObject { ["model"] = "qwen", ["prompt"] = "a" })));
        var run = await ExpectGenerateAsync();
        var (log, message) = await NextAsync();
        Assert.Equal("notifications/message", (string?)log["method"]);
        Assert.Equal(new RequestId(2), message.RelatedRequest);
        Assert.Equal(run.RequestId, (string?)log["params"]!["data"]!["request_id"]);
    }

    [Fact]
    public async Task Older_revisions_get_the_structured_result_as_a_second_text_block()
    {
        await InitializeAsync("2025-03-26");
        Send(Request(1, "tools/call", ToolCall("generate", new JObject { ["model"] = "qwen", ["prompt"] = "a" })));
        var run = await ExpectGenerateAsync();
        run.ReplyTo.Tell(new TokenChunk(run.RequestId, 0, "txt", 1));
        run.ReplyTo.Tell(Done(run.RequestId, 1));
        var result = await ResultAsync(1);
        Assert.Null(result["structuredContent"]);
        Assert.Equal("txt", (string?)result["content"]![0]!["text"]);
        Assert.True((bool)JObject.Parse((string)result["content"]![1]!["text"]!)["simulated"]!);
    }
}

using Nano.Gateway.JsonRpc;
using Nano.Gateway.Mcp;

namespace Nano.Gateway.Tests.Mcp;

/// <summary>Both eras: legacy initialize with negotiation, modern per-request _meta, and what each refuses.</summary>
public class SessionEraSpec(ITestOutputHelper output) : SessionSpecBase(output)
{
    [Theory]
    [InlineData("2024-11-05")]
    [InlineData("2025-03-26")]
    [InlineData("2025-06-18")]
    [InlineData("2025-11-25")]
    public async Task Initialize_agrees_to_every_legacy_version_the_client_asks_for(string version)
    {
        var result = await InitializeAsync(version);
        Assert.Equal(version, (string?)result["protocolVersion"]);
        Assert.Equal("nano", (string?)result["serverInfo"]!["name"]);
        Assert.NotNull(result["capabilities"]!["tools"]);
        Assert.NotNull(result["capabilities"]!["resources"]);
        Assert.Null(result["resultType"]);
    }

    [Theory]
    [InlineData("2023-01-01")]
    [InlineData("2026-07-28")]
    public async Task Initialize_with_a_version_it_cannot_negotiate_answers_with_the_latest_legacy_version(string version)
    {
        var result = await InitializeAsync(version);
        Assert.Equal("2025-11-25", (string?)result["protocolVersion"]);
    }

    [Fact]
    public async Task Tools_list_shows_output_schemas_from_2025_06_18_and_none_before()
    {
        await InitializeAsync("2025-06-18");
        Send(Request(1, "tools/list"));
        var tools = (JArray)(await ResultAsync(1))["tools"]!;
        var generate = tools.Single(t => (string?)t["name"] == "generate");
        Assert.NotNull(generate["outputSchema"]);
        Assert.NotNull(generate["title"]);
        Assert.Null((await ResultAsync(await ListAgainAsync("2024-11-05")))["tools"]![0]!["outputSchema"]);
    }

    private async Task<int> ListAgainAsync(string version)
    {
        await InitializeAsync(version);
        Send(Request(2, "tools/list"));
        return 2;
    }

    [Fact]
    public async Task Tools_list_has_every_rkllm_tool_in_a_fixed_order()
    {
        await InitializeAsync();
        Send(Request(1, "tools/list"));
        var names = ((JArray)(await ResultAsync(1))["tools"]!).Select(t => (string)t["name"]!).ToArray();
        Assert.Equal(
        new[]
        {
            "generate", "embeddings", "abort", "clear_kv_cache", "kv_cache_size", "load_lora", "load_prompt_cache", "release_prompt_cache",
            "set_chat_template", "set_function_tools", "list_models", "model_status", "load_model", "unload_model", "cluster_status",
            "add_model", "remove_model",
        }, names);
    }

    [Fact]
    public async Task A_modern_request_needs_no_initialize_and_its_result_carries_result_type_cache_hints_and_server_info()
    {
        Send(Request(1, "tools/list", new JObject { ["_meta"] = ModernMeta() }));
        var result = await ResultAsync(1);
        Assert.Equal("complete", (string?)result["resultType"]);
        Assert.True((long)result["ttlMs"]! >= 0);
        Assert.Equal("public", (string?)result["cacheScope"]);
        Assert.Equal("nano", (string?)result["_meta"]!["io.modelcontextprotocol/serverInfo"]!["name"]);
        Assert.NotNull(result["tools"]![0]!["outputSchema"]);
    }

    [Fact]
    public async Task Server_discover_lists_every_supported_version_with_cache_hints()
    {
        Send(Request("d", "server/discover", new JObject { ["_meta"] = ModernMeta() }));
        var result = await ResultAsync("d");
        Assert.Equal(new[] { "2026-07-28", "2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05" }, result["supportedVersions"]!.Values<string>());
        Assert.Equal("complete", (string?)result["resultType"]);
        Assert.NotNull(result["capabilities"]!["tools"]);
        Assert.NotNull(result["ttlMs"]);
    }

    [Fact]
    public async Task A_modern_request_without_client_capabilities_is_invalid_params()
    {
        var meta = ModernMeta();
        meta.Remove("io.modelcontextprotocol/clientCapabilities");
        Send(Request(1, "tools/list", new JObject { ["_meta"] = meta }));
        var error = await ErrorAsync(1, JsonRpcErrorCodes.InvalidParams);
        Assert.Contains("clientCapabilities", (string?)error["message"]);
    }

    [Fact]
    public async Task An_unknown_protocol_version_is_refused_with_the_supported_and_requested_versions()
    {
        var meta = ModernMeta(new JObject { ["io.modelcontextprotocol/protocolVersion"] = "1900-01-01" });
        Send(Request(1, "server/discover", new JObject { ["_meta"] = meta }));
        var error = await ErrorAsync(1, JsonRpcErrorCodes.UnsupportedProtocolVersion);
        Assert.Equal("1900-01-01", (string?)error["data"]!["requested"]);
        Assert.Contains("2026-07-28", error["data"]!["supported"]!.Values<string>());
    }

    [Fact]
    public async Task A_legacy_version_in_meta_without_initialize_is_refused_pointing_at_the_modern_version()
    {
        var meta = ModernMeta(new JObject { ["io.modelcontextprotocol/protocolVersion"] = "2025-06-18" });
        Send(Request(1, "tools/list", new JObject { ["_meta"] = meta }));
        var error = await ErrorAsync(1, JsonRpcErrorCodes.UnsupportedProtocolVersion);
        Assert.Equal(new[] { "2026-07-28" }, error["data"]!["supported"]!.Values<string>());
    }

    [Fact]
    public async Task Before_initialize_a_request_without_meta_is_invalid_params_but_ping_works()
    {
        Send(Request(1, "tools/list"));
        await ErrorAsync(1, JsonRpcErrorCodes.InvalidParams);
        Send(Request(2, "ping"));
        Assert.Empty(await ResultAsync(2));
    }

    [Theory]
    [InlineData("ping")]
    [InlineData("logging/setLevel")]
    [InlineData("initialize")]
    public async Task Methods_the_modern_era_removed_are_method_not_found(string method)
    {
        Send(Request(1, method, new JObject { ["_meta"] = ModernMeta() }));
        await ErrorAsync(1, JsonRpcErrorCodes.MethodNotFound);
    }

    [Fact]
    public async Task Server_discover_on_a_legacy_connection_without_meta_is_method_not_found()
    {
        await InitializeAsync();
        Send(Request(1, "server/discover"));
        await ErrorAsync(1, JsonRpcErrorCodes.MethodNotFound);
    }

    [Fact]
    public async Task Both_eras_are_served_on_one_connection()
    {
        await InitializeAsync("2025-03-26");
        Send(Request(1, "tools/list"));
        Assert.Null((await ResultAsync(1))["resultType"]);
        Send(Request(2, "tools/list", new JObject { ["_meta"] = ModernMeta() }));
        Assert.Equal("complete", (string?)(await ResultAsync(2))["resultType"]);
    }

    [Fact]
    public async Task An_unknown_method_is_method_not_found_in_either_era()
    {
        await InitializeAsync();
        Send(Request(1, "prompts/list"));
        await ErrorAsync(1, JsonRpcErrorCodes.MethodNotFound);
        Send(Request(2, "nope/nothing", new JObject { ["_meta"] = ModernMeta() }));
        await ErrorAsync(2, JsonRpcErrorCodes.MethodNotFound);
    }

    [Fact]
    public async Task Logging_set_level_validates_the_level()
    {
        await InitializeAsync();
        Send(Request(1, "logging/setLevel", new JObject { ["level"] = "loud" }));
        await ErrorAsync(1, JsonRpcErrorCodes.InvalidParams);
        Send(Request(2, "logging/setLevel", new JObject { ["level"] = "debug" }));
        Assert.Empty(await ResultAsync(2));
    }

    [Fact]
    public async Task A_malformed_frame_gets_a_parse_error_and_the_session_keeps_serving()
    {
        Send("{\"jsonrpc\":\"2.0\",\"id\":1,");
        await ErrorAsync(null, JsonRpcErrorCodes.ParseError);
        Send("""{"jsonrpc":"2.0","id":7,"method":5}""");
        await ErrorAsync(7, JsonRpcErrorCodes.InvalidRequest);
        await InitializeAsync();
    }

    [Fact]
    public async Task Batches_are_answered_as_one_array_in_2025_03_26()
    {
        await InitializeAsync("2025-03-26");
        Send("""[{"jsonrpc":"2.0","id":1,"method":"ping"},{"jsonrpc":"2.0","method":"notifications/initialized"},{"jsonrpc":"2.0","id":2,"method":"tools/list"},7]""");
        var (frame, message) = await NextAsync();
        Assert.Equal(OutboundKind.BatchResponse, message.Kind);
        var answers = Assert.IsType<JArray>(frame);
        Assert.Equal(3, answers.Count);
        Assert.Contains(answers, a => (int?)a["id"] == 1 && a["result"] is not null);
        Assert.Contains(answers, a => (int?)a["id"] == 2 && a["result"]!["tools"] is not null);
        Assert.Contains(answers, a => a["id"]!.Type == JTokenType.Null && (int?)a["error"]!["code"] == JsonRpcErrorCodes.InvalidRequest);
    }

    [Theory]
    [InlineData("2025-06-18")]
    [InlineData("2025-11-25")]
    [InlineData("2024-11-05")]
    public async Task Batches_are_refused_where_the_revision_has_none(string version)
    {
        await InitializeAsync(version);
        Send("""[{"jsonrpc":"2.0","id":1,"method":"ping"}]""");
        await ErrorAsync(null, JsonRpcErrorCodes.InvalidRequest);
    }

    [Fact]
    public async Task A_batch_waits_for_its_tool_calls_and_progress_streams_before_the_array()
    {
        await InitializeAsync("2025-03-26");
        Send("""[{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"generate","arguments":{"model":"qwen","prompt":"hi"},"_meta":{"progressToken":"p"}}},{"jsonrpc":"2.0","id":2,"method":"ping"}]""");
        var run = await ExpectGenerateAsync();
        run.ReplyTo.Tell(new Nano.Actors.Protocol.TokenChunk(run.RequestId, 0, "Hi", 1));
        var progress = await NextFrameAsync();
        Assert.Equal("notifications/progress", (string?)progress["method"]);
        run.ReplyTo.Tell(Done(run.RequestId, 1));
        var (frame, message) = await NextAsync();
        Assert.Equal(OutboundKind.BatchResponse, message.Kind);
        Assert.Equal(2, ((JArray)frame).Count);
    }

    [Fact]
    public async Task A_batch_repeating_an_id_answers_the_repeat_with_an_error_inside_the_array()
    {
        await InitializeAsync("2025-03-26");
        const string call = """{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"generate","arguments":{"model":"qwen","prompt":"x"}}}""";
        Send($"[{call},{call}]");
        var run = await ExpectGenerateAsync();
        run.ReplyTo.Tell(Done(run.RequestId, 0));
        var answers = Assert.IsType<JArray>((await NextAsync()).Frame);
        Assert.Equal(2, answers.Count);
        Assert.Single(answers, a => a["result"] is not null);
        Assert.Single(answers, a => (int?)a["error"]?["code"] == JsonRpcErrorCodes.InvalidRequest);
    }
}

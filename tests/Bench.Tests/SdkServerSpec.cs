using System.Text.Json.Nodes;
using Nano.Bench.Tests.Hosting;
using Nano.Bench.Tests.Wire;

namespace Nano.Bench.Tests;

/// <summary>
/// bench/SdkServer, the official MCP C# SDK serving the zero-latency generate tool that measurement 3 compares nano
/// against: the same arguments, a result shaped like nano's, one progress notification per token, on both endpoints.
/// </summary>
public sealed class SdkServerSpec(SdkServerFixture sdk) : IClassFixture<SdkServerFixture>
{
    [Fact]
    public async Task Generate_over_streamable_http_streams_one_progress_event_per_token_then_the_result()
    {
        using var session = new McpHttpSession(sdk.Http);
        var initialized = await session.InitializeAsync();
        Assert.Equal("2025-11-25", initialized["result"]!["protocolVersion"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(session.SessionId), "a stateful session has an id");

        var messages = await session.RequestAsync(Messages.Generate(2, maxTokens: 7, progressToken: JsonValue.Create(7)));

        var text = GeneratedResult.AssertShape(messages[^1], id: 2, tokens: 7);
        GeneratedResult.AssertProgress(messages[..^1], JsonValue.Create(7), text);
    }

    [Fact]
    public async Task Generate_over_streamable_http_without_a_progress_token_answers_with_the_result_alone()
    {
        using var session = new McpHttpSession(sdk.Http);
        await session.InitializeAsync();

        var messages = await session.RequestAsync(Messages.Generate(2, maxTokens: 5));

        Assert.Single(messages);
        GeneratedResult.AssertShape(messages[0], id: 2, tokens: 5);
    }

    [Fact]
    public async Task Generate_over_tcp_streams_one_progress_event_per_token_then_the_result()
    {
        await using var client = await LineClient.ConnectAsync(sdk.Tcp);
        var initialized = await client.HandshakeAsync();
        Assert.Equal("2025-11-25", initialized["result"]!["protocolVersion"]!.GetValue<string>());

        await client.SendAsync(Messages.Generate(2, maxTokens: 9, progressToken: JsonValue.Create("t-1")));
        var (progress, response) = await client.ReadUntilResponseAsync(2);

        var text = GeneratedResult.AssertShape(response, id: 2, tokens: 9);
        GeneratedResult.AssertProgress(progress, JsonValue.Create("t-1"), text);
    }

    [Fact]
    public async Task Each_tcp_connection_is_a_session_of_its_own()
    {
        await using var first = await LineClient.ConnectAsync(sdk.Tcp);
        await using var second = await LineClient.ConnectAsync(sdk.Tcp);
        await first.HandshakeAsync();
        await second.HandshakeAsync();

        await first.SendAsync(Messages.Generate(5, maxTokens: 3));
        await second.SendAsync(Messages.Generate(5, maxTokens: 4));

        var (beforeFirst, firstResponse) = await first.ReadUntilResponseAsync(5);
        var (beforeSecond, secondResponse) = await second.ReadUntilResponseAsync(5);
        Assert.Empty(beforeFirst);
        Assert.Empty(beforeSecond);
        GeneratedResult.AssertShape(firstResponse, id: 5, tokens: 3);
        GeneratedResult.AssertShape(secondResponse, id: 5, tokens: 4);
    }
}

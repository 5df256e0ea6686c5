using System.Text.Json.Nodes;
using Nano.Bench.Tests.Hosting;
using Nano.Bench.Tests.Wire;

namespace Nano.Bench.Tests;

/// <summary>
/// bench/EchoServer, the physical limit of measurement 3: it must look like nano's TCP endpoint to the load generator
/// (handshake, generate with progress, same ids) while doing nothing but parse and write JSON.
/// </summary>
public sealed class EchoServerSpec(EchoServerFixture echo) : IClassFixture<EchoServerFixture>
{
    [Fact]
    public async Task Initialize_gets_a_result_with_the_requested_protocol_version_and_notifications_get_nothing()
    {
        await using var client = await LineClient.ConnectAsync(echo.Tcp);

        var initialized = await client.HandshakeAsync();
        await client.SendAsync(Messages.Ping(2));
        var (before, pong) = await client.ReadUntilResponseAsync(2);

        Assert.Equal("2025-11-25", initialized["result"]!["protocolVersion"]!.GetValue<string>());
        Assert.NotNull(initialized["result"]!["serverInfo"]);
        Assert.Empty(before); // notifications/initialized was not answered
        Assert.Empty(pong["result"]!.AsObject());
    }

    [Fact]
    public async Task Generate_with_a_progress_token_writes_one_progress_notification_per_token_then_the_result()
    {
        await using var client = await LineClient.ConnectAsync(echo.Tcp);
        await client.HandshakeAsync();

        await client.SendAsync(Messages.Generate(2, maxTokens: 6, progressToken: JsonValue.Create(42)));
        var (progress, response) = await client.ReadUntilResponseAsync(2);

        var text = GeneratedResult.AssertShape(response, id: 2, tokens: 6);
        GeneratedResult.AssertProgress(progress, JsonValue.Create(42), text);
    }

    [Fact]
    public async Task Pipelined_requests_are_answered_in_order_each_with_its_own_id()
    {
        await using var client = await LineClient.ConnectAsync(echo.Tcp);
        await client.HandshakeAsync();

        // Sent back to back, so several arrive in one read.
        foreach (var id in Enumerable.Range(10, 20)) await client.SendAsync(Messages.Generate(id, maxTokens: id % 3 + 1));

        foreach (var id in Enumerable.Range(10, 20))
        {
            var response = await client.ReadAsync();
            GeneratedResult.AssertShape(response, id, tokens: id % 3 + 1);
        }
    }
}

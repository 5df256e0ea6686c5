using Nano.Gateway.JsonRpc;
using Nano.Gateway.Security;
using Nano.Gateway.Tests.Transports;

namespace Nano.Gateway.Tests.Security;

/// <summary>TCP and UDP: the key in _meta.apiKey (initialize's or any request's), refusals that keep the connection, allow-lists, admin tools.</summary>
public class InBandAccessSpec(ITestOutputHelper output) : AccessSpecBase(output)
{
    private static string Text(JObject message) => message.ToString(Newtonsoft.Json.Formatting.None);

    private static async Task<JObject> AnswerAsync(IFrameClient client, object id)
    {
        var wanted = JToken.FromObject(id);
        while (true)
        {
            var frame = await client.ReadAsync(Bounded);
            if (frame is JObject obj && obj["method"] is null && JToken.DeepEquals(obj["id"], wanted)) return obj;
        }
    }

    [Fact]
    public async Task Tcp_initialize_with_a_key_in_meta_lets_the_connection_call_tools()
    {
        await using var client = await LineClient.ConnectTcpAsync(TcpEndpoint);
        await client.SendAsync(Text(Initialize(1, AppKey)));
        Assert.NotNull((await AnswerAsync(client, 1))["result"]);
        await client.SendAsync(Text(Generate(2, "qwen")));
        var answer = await AnswerAsync(client, 2);
        Assert.False((bool)answer["result"]!["isError"]!, answer.ToString());
    }

    [Fact]
    public async Task Without_a_key_ping_and_initialize_pass_and_everything_else_is_unauthorized()
    {
        await using var client = await LineClient.ConnectTcpAsync(TcpEndpoint);
        await client.SendAsync(Text(Rpc(1, "ping")));
        Assert.NotNull((await AnswerAsync(client, 1))["result"]);
        await client.SendAsync(Text(Initialize(2, null)));
        Assert.NotNull((await AnswerAsync(client, 2))["result"]);
        await client.SendAsync(Text(Rpc(3, "tools/list")));
        var refused = await AnswerAsync(client, 3);
        Assert.Equal(JsonRpcErrorCodes.Unauthorized, (int)refused["error"]!["code"]!);
        Assert.Equal("UNAUTHORIZED", (string?)refused["error"]!["data"]!["name"]);
    }

    [Fact]
    public async Task A_wrong_key_is_refused_and_the_connection_still_answers_and_accepts_the_right_key()
    {
        await using var client = await LineClient.ConnectTcpAsync(TcpEndpoint);
        await client.SendAsync(Text(Initialize(1, "wrong-key-zz9")));
        Assert.Equal(JsonRpcErrorCodes.Unauthorized, (int)(await AnswerAsync(client, 1))["error"]!["code"]!);
        await client.SendAsync(Text(Rpc(2, "ping")));
        Assert.NotNull((await AnswerAsync(client, 2))["result"]);
        await client.SendAsync(Text(Initialize(3, AppKey)));
        Assert.NotNull((await AnswerAsync(client, 3))["result"]);
        await client.SendAsync(Text(Rpc(4, "tools/list")));
        Assert.NotNull((await AnswerAsync(client, 4))["result"]);
        // The failure is audited with the address, and the presented key appears in no log at all.
        Assert.Contains(Loggers.Of(AuditLog.Category), e => e.Event.Name == "AuthFailure" && e.Text.Contains("127.0.0.1"));
        Assert.DoesNotContain(Loggers.Entries, e => e.Text.Contains("wrong-key-zz9") || e.Text.Contains(AppKey));
    }

    [Fact]
    public async Task Consecutive_auth_failures_close_the_connection_after_answering_each()
    {
        await using var client = await LineClient.ConnectTcpAsync(TcpEndpoint);
        for (var i = 1; i <= 3; i++) await client.SendAsync(Text(Rpc(i, "tools/list")));
        var lines = await client.ReadToEndAsync(Bounded);
        Assert.Equal(3, lines.Count);
        Assert.All(lines, l => Assert.Equal(JsonRpcErrorCodes.Unauthorized, (int)JToken.Parse(l)["error"]!["code"]!));
    }

    [Fact]
    public async Task Udp_requests_carry_the_key_in_their_own_meta()
    {
        await using var client = new DatagramClient(UdpEndpoint);
        JObject Modern(object id, string? key)
        {
            var meta = new JObject
            {
                ["io.modelcontextprotocol/protocolVersion"] = "2026-07-28",
                ["io.modelcontextprotocol/clientCapabilities"] = new JObject(),
            };
            if (key is not null) meta["apiKey"] = key;
            return Rpc(id, "tools/list", new JObject { ["_meta"] = meta });
        }
        await client.SendAsync(Text(Modern(1, null)));
        Assert.Equal(JsonRpcErrorCodes.Unauthorized, (int)(await AnswerAsync(client, 1))["error"]!["code"]!);
        await client.SendAsync(Text(Modern(2, OpsKey)));
        Assert.NotNull((await AnswerAsync(client, 2))["result"]);
    }

    [Fact]
    public async Task The_allow_list_hides_other_models_from_lists_and_resources_and_refuses_them_by_name()
    {
        await using var client = await LineClient.ConnectTcpAsync(TcpEndpoint);
        await client.SendAsync(Text(Initialize(1, AppKey)));
        await AnswerAsync(client, 1);

        await client.SendAsync(Text(Call(2, "list_models", new JObject())));
        var listed = (await AnswerAsync(client, 2))["result"]!["structuredContent"]!["models"]!.Select(m => (string?)m["name"]).ToList();
        Assert.Equal(["qwen"], listed);

        await client.SendAsync(Text(Rpc(3, "resources/list")));
        Assert.Equal(["qwen"], (await AnswerAsync(client, 3))["result"]!["resources"]!.Select(r => (string?)r["name"]));

        await client.SendAsync(Text(Rpc(4, "resources/read", new JObject { ["uri"] = "nano://models/secret" })));
        Assert.Equal(JsonRpcErrorCodes.ResourceNotFound, (int)(await AnswerAsync(client, 4))["error"]!["code"]!);

        await client.SendAsync(Text(Generate(5, "secret")));
        var hidden = (await AnswerAsync(client, 5))["result"]!;
        Assert.True((bool)hidden["isError"]!);
        Assert.Equal(JsonRpcErrorCodes.ModelNotFound, (int)hidden["structuredContent"]!["error"]!["code"]!);
    }

    [Fact]
    public async Task Model_administration_tools_need_an_admin_key()
    {
        await using var client = await LineClient.ConnectTcpAsync(TcpEndpoint);
        await client.SendAsync(Text(Initialize(1, AppKey)));
        await AnswerAsync(client, 1);
        await client.SendAsync(Text(Call(2, "unload_model", new JObject { ["model"] = "qwen" })));
        var refused = await AnswerAsync(client, 2);
        Assert.Equal(JsonRpcErrorCodes.Forbidden, (int)refused["error"]!["code"]!);
        Assert.Contains(Loggers.Of(AuditLog.Category), e => e.Event.Name == "Forbidden" && e.Text.Contains("unload_model"));

        // The ops key passes access control: add_model reaches the model administration (no models.json here).
        await client.SendAsync(Text(Call(3, "add_model", new JObject { ["model"] = new JObject { ["name"] = "x", ["path"] = "sim://qwen2-0.5b-w8a8" } }, OpsKey)));
        var added = await AnswerAsync(client, 3);
        Assert.Null(added["error"]);
        await AwaitAssertAsync(() => Assert.Contains(Loggers.Of(AuditLog.Category),
            e => e.Event.Name == "AdminOperation" && e.Text.Contains("add_model") && e.Text.Contains("ops")), Bounded);
    }
}

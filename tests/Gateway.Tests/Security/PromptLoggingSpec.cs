using System.Text;
using Akka.Configuration;
using Nano.Gateway.Hosting;
using Nano.Gateway.Mcp;
using Nano.Gateway.Security;
using Nano.Gateway.Tests.Http;

namespace Nano.Gateway.Tests.Security;

/// <summary>nano.gateway.log-prompts: off (the default), a prompt appears in no log even at debug level; on, at debug only.</summary>
public class PromptLoggingSpec(ITestOutputHelper output)
    : Akka.TestKit.Xunit.TestKit(ConfigurationFactory.ParseString("akka.loglevel = DEBUG"), output: output)
{
    private const string Canary = "giraffe-canary-5512";

    private async Task GenerateAsync(bool logPrompts, Func<Func<Task>, Task> within)
    {
        var pool = Sys.ActorOf(FakePool.Props(CreateTestProbe().Ref));
        var context = new McpServerContext(pool, new GatewaySettings { LogPrompts = logPrompts }, [HttpSpecBase.TextModel]);
        var transport = CreateTestProbe();
        var session = Sys.ActorOf(McpSessionActor.Props(context, transport.Ref, new Caller("test", Trusted: true)));
        await within(async () =>
        {
            session.Tell(new InboundMessage(Encoding.UTF8.GetBytes(
                """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}""")));
            session.Tell(new InboundMessage(Encoding.UTF8.GetBytes(
                """{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"generate","arguments":{"model":"qwen","prompt":"CANARY"}}}""".Replace("CANARY", Canary))));
            await transport.FishForMessageAsync<OutboundMessage>(m => m.RelatedRequest?.ToString() == "2" && m.Kind == OutboundKind.Response,
                TimeSpan.FromSeconds(10));
        });
    }

    [Fact]
    public async Task Off_a_prompt_appears_in_no_log_even_at_debug_level() =>
        await GenerateAsync(false, run => EventFilter.Custom(e => e.Message?.ToString()?.Contains(Canary) == true).ExpectAsync(0, run));

    [Fact]
    public async Task On_the_prompt_and_the_output_are_logged_at_debug_level() =>
        await GenerateAsync(true, run => EventFilter.Debug(contains: Canary).ExpectOneAsync(run));
}

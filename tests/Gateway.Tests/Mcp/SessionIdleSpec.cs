using Nano.Gateway.Hosting;
using Nano.Gateway.Mcp;

namespace Nano.Gateway.Tests.Mcp;

/// <summary>Idle detection and draining: what a transport needs to know before it closes.</summary>
public class SessionIdleSpec(ITestOutputHelper output)
    : SessionSpecBase(output, new GatewaySettings { IdleTimeout = TimeSpan.FromMilliseconds(300) })
{
    [Fact]
    public async Task A_session_with_nothing_running_reports_idle_but_not_while_a_run_goes_on()
    {
        await InitializeAsync();
        Send(Request(1, "tools/call", ToolCall("generate", new JObject { ["model"] = "qwen", ["prompt"] = "slow" })));
        var run = await ExpectGenerateAsync();
        // A report from before the request reached the session (a stalled test thread on a loaded machine) is
        // already queued once the run is seen at the router: drop it, then nothing may come while the run goes on.
        while (Transport.HasMessages) await Transport.ExpectMsgAsync<SessionIdle>(TimeSpan.FromSeconds(1));
        await Transport.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(700));
        run.ReplyTo.Tell(Done(run.RequestId, 0));
        await ResultAsync(1);
        await Transport.ExpectMsgAsync<SessionIdle>(TimeSpan.FromSeconds(3));
    }

    [Fact]
    public async Task After_input_completes_the_session_reports_drained_once_the_last_answer_is_out()
    {
        await InitializeAsync();
        Send(Request(1, "tools/call", ToolCall("generate", new JObject { ["model"] = "qwen", ["prompt"] = "x" })));
        var run = await ExpectGenerateAsync();
        Session.Tell(InputCompleted.Instance);
        await Transport.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(100));
        run.ReplyTo.Tell(Done(run.RequestId, 0));
        await ResultAsync(1);
        await Transport.ExpectMsgAsync<SessionDrained>(Bounded);
    }
}

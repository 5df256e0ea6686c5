using System.Net;
using Nano.Actors.Protocol;
using Nano.Gateway.Tests.Http;

namespace Nano.Gateway.Tests.Ollama;

/// <summary>Runs held open by a <see cref="FakePool"/>: what happens to them when the client leaves or a stop sequence matches.</summary>
public class OllamaDisconnectSpec(ITestOutputHelper output)
    : OllamaSpecBase(output, spec => spec.Sys.ActorOf(FakePool.Props(spec.Cancels.Ref), "fake"))
{
    [Fact]
    public async Task Disconnecting_mid_stream_cancels_the_run()
    {
        using var leave = new CancellationTokenSource();
        var response = await PostAsync("/api/chat", """{"model":"tiny","messages":[{"role":"user","content":"hold on"}]}""",
            HttpCompletionOption.ResponseHeadersRead, leave.Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var first = JObject.Parse((await reader.ReadLineAsync().WaitAsync(Bounded))!);
        Assert.False((bool)first["done"]!);
        response.Dispose(); // the client goes away with the run still held open
        var cancel = await Cancels.ExpectMsgAsync<CancelRequest>(Bounded);
        Assert.Equal("tiny", cancel.ModelId);
    }

    [Fact]
    public async Task A_stop_sequence_ends_the_answer_before_it_and_cancels_the_run()
    {
        // FakePool streams "t0 t1 " and holds: the stop sequence "t1" cuts the text and must free the run.
        using var response = await PostAsync("/api/generate", """{"model":"tiny","prompt":"hold","stream":false,"options":{"stop":["t1"]}}""");
        var done = await JsonAsync(response);
        Assert.Equal("t0 ", (string)done["response"]!);
        Assert.Equal("stop", (string)done["done_reason"]!);
        await Cancels.ExpectMsgAsync<CancelRequest>(Bounded);
    }
}

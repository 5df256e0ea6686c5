using Newtonsoft.Json.Linq;
using static Nano.Runtime.Tests.Sim.SimTestKit;

namespace Nano.Runtime.Tests.Sim;

/// <summary>The simulated function calling: a scripted Qwen-style call of the first tool for user turns, text for tool results.</summary>
[Collection(SimCollection.Name)]
public class SimToolCallSpec
{
    private const string Model = "qwen2-0.5b-w8a8";

    private const string Tools = """
        [{"type":"function","function":{"name":"get_board_temperature","parameters":{"type":"object",
          "properties":{"board":{"type":"string"},"unit":{"type":"string","enum":["celsius","kelvin"]},"samples":{"type":"integer"},
                        "precise":{"type":"boolean"},"sensors":{"type":"array"},"window":{"type":"object","properties":{"seconds":{"type":"number"}},"required":["seconds"]},
                        "note":{"type":"string"}},
          "required":["board","unit","samples","precise","sensors","window"]}}},
         {"type":"function","function":{"name":"reboot_board","parameters":{"type":"object"}}}]
        """;

    [Fact]
    public void A_user_turn_with_tools_set_streams_a_Qwen_tool_call_of_the_first_tool_then_ends()
    {
        using var handle = NewRuntime().Init(Params(Model, maxNewTokens: 200));
        handle.SetFunctionTools("You may call tools.", Tools, "<tool_response>");
        var sink = new RecordingSink();

        RunBounded(handle, new RkllmPromptInput("How warm is board 3?"), Infer(), sink);

        var tokens = sink.Results.Where(r => r.State == RkllmCallState.Normal).ToArray();
        Assert.Equal("<tool_call>", tokens[0].Text);
        Assert.Equal("</tool_call>", tokens[^1].Text);
        Assert.True(tokens.Length > 10, $"{tokens.Length} tokens: the call streams in pieces");
        var text = sink.Text;
        var call = JObject.Parse(text["<tool_call>".Length..^"</tool_call>".Length]);
        Assert.Equal("get_board_temperature", (string?)call["name"]);
        var expected = JObject.Parse("""
            {"board":"simulated","unit":"celsius","samples":0,"precise":false,"sensors":[],"window":{"seconds":0}}
            """);
        Assert.True(JToken.DeepEquals(expected, call["arguments"]), call.ToString());
        // The call ends the run (a simulated EOS), far before max_new_tokens.
        Assert.Equal(tokens.Length, sink.WaitPerf().GenerateTokens);
    }

    [Fact]
    public void A_tool_result_is_answered_with_text_and_no_call()
    {
        using var handle = NewRuntime().Init(Params(Model, maxNewTokens: 12));
        handle.SetFunctionTools("You may call tools.", Tools, "<tool_response>");
        var sink = new RecordingSink();

        RunBounded(handle, new RkllmPromptInput("41.5") { Role = "tool" }, Infer(), sink);

        Assert.Equal(12, sink.TokenIds.Length);
        Assert.DoesNotContain("<tool_call>", sink.Text);
        Assert.Matches(@"^( [a-z]+|[.,])+$", sink.Text);
    }

    [Fact]
    public void Empty_tools_turn_function_calling_off_again()
    {
        using var handle = NewRuntime().Init(Params(Model, maxNewTokens: 16));
        handle.SetFunctionTools("You may call tools.", """[{"name":"clock"}]""", "<tool_response>");
        var called = new RecordingSink();
        RunBounded(handle, new RkllmPromptInput("What time is it?"), Infer(), called);
        Assert.Equal("""<tool_call>{"name":"clock","arguments":{}}</tool_call>""", called.Text.Replace("\n", ""));

        handle.SetFunctionTools("", "", "");
        var plain = new RecordingSink();
        RunBounded(handle, new RkllmPromptInput("What time is it?"), Infer(), plain);

        Assert.Equal(16, plain.TokenIds.Length);
        Assert.DoesNotContain("<tool_call>", plain.Text);
    }
}

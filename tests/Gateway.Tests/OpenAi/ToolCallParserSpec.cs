using Nano.Gateway.OpenAi.Internal;

namespace Nano.Gateway.Tests.OpenAi;

/// <summary>
/// Tool-call parsing on Qwen2.5's real output form (its chat template's &lt;tool_call&gt; blocks), whole and split across
/// tokens as it streams; the simulated NPU's scripted calls (OpenAiToolCallSpec) cover only one call of one form.
/// </summary>
public class ToolCallParserSpec
{
    private const string QwenOutput = "Let me check.\n<tool_call>\n{\"name\": \"get_current_temperature\", \"arguments\": {\"location\": \"San Francisco, CA, USA\"}}\n</tool_call>\n<tool_call>\n{\"name\": \"get_temperature_date\", \"arguments\": {\"location\": \"San Francisco, CA, USA\", \"date\": \"2024-10-01\"}}\n</tool_call>";

    [Fact]
    public void Qwen_tool_call_blocks_become_OpenAI_tool_calls()
    {
        var (text, calls) = ToolCallParser.Split(QwenOutput);
        Assert.Equal("Let me check.\n\n", text);
        Assert.Equal(["get_current_temperature", "get_temperature_date"], calls.Select(c => c.Name));
        Assert.Equal("""{"location":"San Francisco, CA, USA"}""", calls[0].Arguments);
        Assert.NotEqual(calls[0].Id, calls[1].Id);
    }

    [Fact]
    public void A_tool_call_split_across_tokens_streams_out_whole()
    {
        var filter = new OutputFilter([], tools: true);
        var events = new List<object>();
        for (var i = 0; i < QwenOutput.Length; i += 3) events.AddRange(filter.Push(QwenOutput.Substring(i, Math.Min(3, QwenOutput.Length - i))));
        events.AddRange(filter.Finish());
        Assert.Equal("Let me check.\n\n", string.Concat(events.OfType<string>()));
        Assert.Equal(2, events.OfType<ToolCall>().Count());
        Assert.DoesNotContain(events.OfType<string>(), s => s.Contains('<', StringComparison.Ordinal));
    }

    [Fact]
    public void An_unparseable_block_stays_text()
    {
        var (text, calls) = ToolCallParser.Split("<tool_call>not json</tool_call>");
        Assert.Empty(calls);
        Assert.Equal("<tool_call>not json</tool_call>", text);
    }

    [Fact]
    public void A_stop_sequence_split_across_tokens_is_never_forwarded()
    {
        var filter = new OutputFilter(["END"], tools: false);
        var events = new[] { "abc E", "N", "D tail" }.SelectMany(filter.Push).ToList();
        Assert.Equal("abc ", string.Concat(events.OfType<string>()));
        Assert.True(filter.Stopped);
    }

    [Fact]
    public void An_earlier_assistant_tool_call_is_rendered_back_in_Qwen_form()
    {
        var call = JObject.Parse("""{"id":"call_1","type":"function","function":{"name":"f","arguments":"{\"a\":1}"}}""");
        Assert.Equal("<tool_call>\n{\"name\":\"f\",\"arguments\":{\"a\":1}}\n</tool_call>", ToolCallParser.Render(call));
    }
}

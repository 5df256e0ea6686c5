using System.ClientModel;
using OpenAI;
using OpenAI.Chat;

namespace Nano.Gateway.Tests.OpenAi;

/// <summary>
/// Tool calling end to end with the official OpenAI .NET library: the simulated NPU answers a user turn with a call of
/// the first declared tool (placeholder arguments) and a tool result with text (src/Runtime/Sim/README.md).
/// </summary>
public class OpenAiToolCallSpec(ITestOutputHelper output) : OpenAiSpecBase(output)
{
    private const string Tool = "get_board_temperature";

    private static readonly ChatTool Temperature = ChatTool.CreateFunctionTool(Tool, "Read the SoC temperature of a board.",
        BinaryData.FromString("""{"type":"object","properties":{"board":{"type":"string"},"unit":{"type":"string","enum":["celsius","kelvin"]}},"required":["board","unit"]}"""));

    private ChatClient Client => new OpenAIClient(new ApiKeyCredential("unused"), new OpenAIClientOptions { Endpoint = V1, NetworkTimeout = Bounded })
        .GetChatClient(Tiny.Name);

    private static ChatCompletionOptions WithTools(int maxTokens = 64) => new() { MaxOutputTokenCount = maxTokens, Tools = { Temperature } };

    [Fact]
    public async Task A_user_turn_with_tools_comes_back_as_tool_calls_with_finish_reason_tool_calls()
    {
        ChatCompletion completion = await Client.CompleteChatAsync([new UserChatMessage("How warm is board 3?")], WithTools());

        Assert.Equal(ChatFinishReason.ToolCalls, completion.FinishReason);
        var call = Assert.Single(completion.ToolCalls);
        Assert.Equal(Tool, call.FunctionName);
        Assert.False(string.IsNullOrEmpty(call.Id));
        AssertPlaceholderArguments(call.FunctionArguments.ToString());
        Assert.True(completion.Content.Count == 0 || string.IsNullOrEmpty(completion.Content[0].Text), completion.Content.FirstOrDefault()?.Text);
        Assert.Equal("nano-simulated", completion.SystemFingerprint);
    }

    [Fact]
    public async Task A_streamed_tool_call_assembles_into_a_name_and_JSON_arguments()
    {
        var names = new Dictionary<int, string>();
        var arguments = new Dictionary<int, System.Text.StringBuilder>();
        var ids = new HashSet<string>();
        ChatFinishReason? finish = null;
        var text = new System.Text.StringBuilder();
        await foreach (var update in Client.CompleteChatStreamingAsync([new UserChatMessage("How warm is board 3?")], WithTools()))
        {
            foreach (var part in update.ContentUpdate) text.Append(part.Text);
            foreach (var call in update.ToolCallUpdates)
            {
                if (call.FunctionName is { Length: > 0 } name) names[call.Index] = name;
                if (call.ToolCallId is { Length: > 0 } id) ids.Add(id);
                if (call.FunctionArgumentsUpdate is { } delta && !delta.ToMemory().IsEmpty)
                    (arguments.TryGetValue(call.Index, out var sb) ? sb : arguments[call.Index] = new()).Append(delta.ToString());
            }
            finish ??= update.FinishReason;
        }

        Assert.Equal(ChatFinishReason.ToolCalls, finish);
        Assert.Equal(Tool, Assert.Single(names).Value);
        Assert.Single(ids);
        AssertPlaceholderArguments(Assert.Single(arguments).Value.ToString());
        Assert.Equal("", text.ToString().Trim());
    }

    [Fact]
    public async Task The_tool_result_sent_back_as_a_tool_message_gets_text()
    {
        ChatCompletion first = await Client.CompleteChatAsync([new UserChatMessage("How warm is board 3?")], WithTools());
        var call = Assert.Single(first.ToolCalls);

        ChatCompletion answer = await Client.CompleteChatAsync(
            [new UserChatMessage("How warm is board 3?"), new AssistantChatMessage(first), new ToolChatMessage(call.Id, "41.5")], WithTools(maxTokens: 6));

        Assert.Empty(answer.ToolCalls);
        Assert.False(string.IsNullOrWhiteSpace(answer.Content[0].Text));
        Assert.Equal(ChatFinishReason.Length, answer.FinishReason);
    }

    [Fact]
    public async Task Tools_of_one_request_do_not_stay_on_the_handle_for_the_next_request_without_tools()
    {
        // The tiny model has one instance: both requests run on the same handle.
        ChatCompletion withTools = await Client.CompleteChatAsync([new UserChatMessage("How warm is board 3?")], WithTools());
        Assert.Single(withTools.ToolCalls);

        ChatCompletion without = await Client.CompleteChatAsync([new UserChatMessage("How warm is board 3?")], new ChatCompletionOptions { MaxOutputTokenCount = 6 });

        Assert.Empty(without.ToolCalls);
        Assert.DoesNotContain("tool_call", without.Content[0].Text);
        Assert.Equal(ChatFinishReason.Length, without.FinishReason);
        Assert.Equal(6, without.Usage.OutputTokenCount);
    }

    private static void AssertPlaceholderArguments(string json)
    {
        var arguments = JObject.Parse(json);
        Assert.True(JToken.DeepEquals(JObject.Parse("""{"board":"simulated","unit":"celsius"}"""), arguments), json);
    }
}

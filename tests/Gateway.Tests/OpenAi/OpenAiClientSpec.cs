using System.ClientModel;
using Microsoft.Extensions.AI;
using OpenAI;
using OpenAI.Chat;

namespace Nano.Gateway.Tests.OpenAi;

/// <summary>The official OpenAI .NET library and Microsoft.Extensions.AI's IChatClient against a real pool (simulated NPU).</summary>
public class OpenAiClientSpec(ITestOutputHelper output) : OpenAiSpecBase(output)
{
    private OpenAIClient Client => new(new ApiKeyCredential("unused"), new OpenAIClientOptions { Endpoint = V1, NetworkTimeout = Bounded });

    [Fact]
    public async Task The_OpenAI_library_gets_a_whole_chat_completion_with_usage()
    {
        var chat = Client.GetChatClient("tiny");
        ChatCompletion completion = await chat.CompleteChatAsync([new UserChatMessage("Hello there")], new ChatCompletionOptions { MaxOutputTokenCount = 6 });
        Assert.False(string.IsNullOrWhiteSpace(completion.Content[0].Text));
        Assert.Equal(OpenAI.Chat.ChatFinishReason.Length, completion.FinishReason);
        Assert.Equal(6, completion.Usage.OutputTokenCount);
        Assert.True(completion.Usage.InputTokenCount > 0);
        Assert.Equal(completion.Usage.InputTokenCount + 6, completion.Usage.TotalTokenCount);
        Assert.Equal("nano-simulated", completion.SystemFingerprint);
    }

    [Fact]
    public async Task The_OpenAI_library_streams_a_chat_completion_with_usage()
    {
        var chat = Client.GetChatClient("tiny");
        var text = new System.Text.StringBuilder();
        OpenAI.Chat.ChatFinishReason? finish = null;
        ChatTokenUsage? usage = null;
        await foreach (var update in chat.CompleteChatStreamingAsync([new UserChatMessage("Hello there")],
                           new ChatCompletionOptions { MaxOutputTokenCount = 5 }))
        {
            foreach (var part in update.ContentUpdate) text.Append(part.Text);
            finish ??= update.FinishReason;
            usage ??= update.Usage;
        }
        Assert.False(string.IsNullOrWhiteSpace(text.ToString()));
        Assert.Equal(OpenAI.Chat.ChatFinishReason.Length, finish);
        Assert.Equal(5, usage?.OutputTokenCount);
    }

    [Fact]
    public async Task An_unknown_model_is_a_404_for_the_OpenAI_library()
    {
        var error = await Assert.ThrowsAsync<ClientResultException>(() => Client.GetChatClient("no-such-model").CompleteChatAsync([new UserChatMessage("hi")]));
        Assert.Equal(404, error.Status);
        var streaming = await Assert.ThrowsAsync<ClientResultException>(async () =>
        {
            await foreach (var _ in Client.GetChatClient("no-such-model").CompleteChatStreamingAsync([new UserChatMessage("hi")])) { }
        });
        Assert.Equal(404, streaming.Status);
    }

    [Fact]
    public async Task The_model_list_names_the_configured_models()
    {
        var models = (await Client.GetOpenAIModelClient().GetModelsAsync()).Value;
        Assert.Equal(["tiny", "huge"], models.Select(m => m.Id));
        Assert.All(models, m => Assert.Equal("nano", m.OwnedBy));
        var missing = await Assert.ThrowsAsync<ClientResultException>(() => Client.GetOpenAIModelClient().GetModelAsync("nope"));
        Assert.Equal(404, missing.Status);
    }

    [Fact]
    public async Task An_IChatClient_gets_whole_and_streamed_responses()
    {
        using IChatClient chat = Client.GetChatClient("tiny").AsIChatClient();
        var options = new ChatOptions { MaxOutputTokens = 4, Temperature = 0.5f, TopP = 0.9f };
        var response = await chat.GetResponseAsync([new Microsoft.Extensions.AI.ChatMessage(ChatRole.User, "Hi")], options);
        Assert.False(string.IsNullOrWhiteSpace(response.Text));
        Assert.Equal(4, response.Usage?.OutputTokenCount);

        var streamed = new System.Text.StringBuilder();
        var updates = 0;
        await foreach (var update in chat.GetStreamingResponseAsync("Hi", options))
        {
            streamed.Append(update.Text);
            updates++;
        }
        Assert.False(string.IsNullOrWhiteSpace(streamed.ToString()));
        Assert.True(updates >= 4, $"{updates} updates");
    }
}

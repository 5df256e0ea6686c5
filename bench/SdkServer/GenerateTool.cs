using System.ComponentModel;
using System.Text;
using System.Text.Json;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Nano.SdkServer;

/// <summary>
/// nano's generate tool with a zero-latency model, written the way an SDK user would write it: arguments bound by
/// the SDK, one progress notification per token when the request has a progressToken (awaited, so they arrive in
/// order and before the result, as nano's do), and a result shaped like nano's (text content plus structuredContent
/// with text, model, request_id, finish_reason, usage, simulated, origin, timings).
/// </summary>
[McpServerToolType]
public sealed class GenerateTool
{
    // One lower-case letter per token, cached: the token text costs nothing, as in a zero-latency runtime.
    private static readonly string[] Letters = Enumerable.Range(0, 26).Select(i => ((char)('a' + i)).ToString()).ToArray();
    private static long _runs;

    [McpServerTool(Name = "generate"), Description("Generate text with a model (zero-latency: one character per token).")]
    public static async Task<CallToolResult> Generate(
        McpServer server,
        RequestContext<CallToolRequestParams> context,
        [Description("Model name.")] string model,
        [Description("The user prompt.")] string prompt,
        [Description("Most tokens to generate.")] int max_tokens,
        CancellationToken cancellationToken)
    {
        var requestId = $"sdk-{Interlocked.Increment(ref _runs)}";
        var progressToken = context.Params?.ProgressToken;
        var text = new StringBuilder(max_tokens);
        for (var i = 0; i < max_tokens; i++)
        {
            var token = Token(i);
            text.Append(token);
            if (progressToken is { } progress)
                await server.NotifyProgressAsync(progress, new ProgressNotificationValue { Progress = i + 1, Message = token }, cancellationToken: cancellationToken);
        }
        return Result(text.ToString(), model, requestId, PromptTokens(prompt), max_tokens);
    }

    private static CallToolResult Result(string text, string model, string requestId, int promptTokens, int completionTokens) => new()
    {
        Content = [new TextContentBlock { Text = text }],
        StructuredContent = JsonSerializer.SerializeToElement(
            new GenerateOutput(text, model, requestId, "length", new(promptTokens, completionTokens, promptTokens + completionTokens),
                Simulated: true, new("sdk", "zero", 0), new(0, 0)),
            GenerateOutputJson.Default.GenerateOutput),
        IsError = false,
    };

    private static string Token(int index) => Letters[index % Letters.Length];

    private static int PromptTokens(string prompt) => Math.Max(1, prompt.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length);
}

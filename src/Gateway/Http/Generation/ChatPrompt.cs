using System.Text;

namespace Nano.Gateway.Http.Generation;

/// <summary>One chat turn as the APIs receive it.</summary>
public sealed record ChatTurn(string Role, string Content);

/// <summary>
/// Chat turns → the single input RKLLM takes per run. The runtime applies the model's chat template around the
/// input, so earlier turns are rendered into the prompt as "role: content" lines and the last turn's role (user or
/// tool) becomes the input's role. Shared by the MCP generate tool and the OpenAI and Ollama APIs.
/// </summary>
public static class ChatPrompt
{
    public static readonly IReadOnlySet<string> Roles = new HashSet<string>(StringComparer.Ordinal) { "system", "user", "assistant", "tool" };

    /// <summary>The prompt and the input role, or an error saying what is wrong with the turns.</summary>
    public static (string Prompt, string Role, string? Error) Render(IReadOnlyList<ChatTurn> turns)
    {
        if (turns.Count == 0) return ("", "user", "'messages' must hold at least one message");
        var text = new StringBuilder();
        for (var i = 0; i < turns.Count; i++)
        {
            var (role, content) = (turns[i].Role, turns[i].Content);
            if (!Roles.Contains(role)) return ("", "user", $"messages[{i}].role must be system, user, assistant or tool, not '{role}'");
            if (i < turns.Count - 1)
            {
                text.Append(role).Append(": ").Append(content).Append('\n');
                continue;
            }
            if (role is not ("user" or "tool")) return ("", "user", "the last message must come from the user or a tool");
            text.Append(content);
            return (text.ToString(), role, null);
        }
        return ("", "user", "unreachable");
    }
}

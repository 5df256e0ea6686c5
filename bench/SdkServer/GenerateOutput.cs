using System.Text.Json.Serialization;

namespace Nano.SdkServer;

/// <summary>The structuredContent of nano's generate result (docs/PROTOCOL.md), field for field.</summary>
internal sealed record GenerateOutput(
    string Text, string Model, string RequestId, string FinishReason, GenerateUsage Usage, bool Simulated, GenerateOrigin Origin, GenerateTimings Timings);

internal sealed record GenerateUsage(int PromptTokens, int CompletionTokens, int TotalTokens);

internal sealed record GenerateOrigin(string Node, string Runtime, int HandleId);

internal sealed record GenerateTimings(double TtftMs, double QueueWaitMs);

/// <summary>Source-generated, snake_case: serializing the result costs what a careful SDK user would pay.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(GenerateOutput))]
internal sealed partial class GenerateOutputJson : JsonSerializerContext;

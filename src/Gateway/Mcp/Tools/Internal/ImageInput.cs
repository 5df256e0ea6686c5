using System.Buffers.Binary;
using Nano.Actors.Configuration;
using Nano.Gateway.Input;
using Nano.Gateway.JsonRpc;
using Nano.Runtime;
using Newtonsoft.Json.Linq;

namespace Nano.Gateway.Mcp.Tools.Internal;

/// <summary>
/// generate's image argument → RKLLM multimodal input. RKLLM takes image embeddings (the vision encoder's output);
/// nano has no vision encoder yet, so raw image bytes are accepted only for models whose encoder is simulated
/// (sim://...), which get a deterministic simulated embedding of the right shape. Otherwise pass image.embedding.
/// </summary>
internal static class ImageInput
{
    public const string ImageTag = "<image>";

    /// <returns>An <see cref="RkllmMultimodalInput"/>, a <see cref="ToolRefusal"/>, or null when arguments were invalid.</returns>
    public static object? Bind(ToolArguments args, JObject image, ModelDefinition? model, string prompt, InputGuard guard)
    {
        var data = args.String("data", image);
        var embedding = args.String("embedding", image);
        args.String("mimeType", image);
        foreach (var name in image.Properties().Select(p => p.Name).Where(n => n is not ("data" or "mimeType" or "embedding")))
            args.Fail($"unknown image field '{name}'");
        if ((data is null) == (embedding is null))
        {
            args.Fail("'image' needs exactly one of 'data' and 'embedding'");
            return null;
        }
        if (args.Exceeded(guard.ImageBase64(embedding ?? data!, embedding is null ? "image.data" : "image.embedding"))) return null;
        if (model is null) return null; // the pool answers MODEL_NOT_FOUND with the known models
        if (model.Multimodal is not { } mm)
            return new ToolRefusal(JsonRpcErrorCodes.BadRequest, $"model '{model.Name}' is not a vision model; it takes no image");

        var bytes = Base64(args, embedding ?? data!);
        if (bytes is null) return null;
        float[] embed;
        if (embedding is not null)
        {
            var row = mm.ImageTokens * mm.EmbedDim;
            if (bytes.Length == 0 || bytes.Length % (row * sizeof(float)) != 0)
                return new ToolRefusal(JsonRpcErrorCodes.BadRequest,
                    $"image.embedding of model '{model.Name}' must hold n_image x {mm.ImageTokens} x {mm.EmbedDim} float32 values; got {bytes.Length} bytes");
            embed = new float[bytes.Length / sizeof(float)];
            for (var i = 0; i < embed.Length; i++) embed[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(i * sizeof(float)));
        }
        else if (mm.EncoderPath.StartsWith("sim://", StringComparison.Ordinal))
            embed = SimulatedEncoding(bytes, mm.ImageTokens * mm.EmbedDim);
        else
            return new ToolRefusal(JsonRpcErrorCodes.BadRequest,
                $"nano cannot encode raw images for model '{model.Name}' yet (no vision encoder runtime); pass image.embedding from {mm.EncoderPath}");

        var images = embed.Length / (mm.ImageTokens * mm.EmbedDim);
        if (args.Exceeded(guard.Images(images, "image.embedding"))) return null;
        var text = prompt.Contains(ImageTag, StringComparison.Ordinal) ? prompt : ImageTag + prompt;
        return new RkllmMultimodalInput(text, new RkllmImage(embed, mm.ImageTokens, images, mm.ImageWidth, mm.ImageHeight)
        {
            Start = mm.ImageStart,
            End = mm.ImageEnd,
            Content = mm.ImageContent,
        });
    }

    private static byte[]? Base64(ToolArguments args, string text)
    {
        try
        {
            return Convert.FromBase64String(text);
        }
        catch (FormatException)
        {
            args.Fail("image data must be base64");
            return null;
        }
    }

    /// <summary>A stable pseudo-embedding from the image bytes: the simulated encoder, never a real one.</summary>
    internal static float[] SimulatedEncoding(byte[] image, int length)
    {
        var hash = 2166136261u; // FNV-1a
        foreach (var b in image) hash = (hash ^ b) * 16777619u;
        var random = new Random((int)hash);
        var embed = new float[length];
        for (var i = 0; i < embed.Length; i++) embed[i] = (float)(random.NextDouble() * 2 - 1);
        return embed;
    }
}

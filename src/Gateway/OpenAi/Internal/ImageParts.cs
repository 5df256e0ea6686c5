using Nano.Actors.Configuration;
using Nano.Gateway.Input;
using Nano.Gateway.Mcp.Tools.Internal;
using Nano.Runtime;

namespace Nano.Gateway.OpenAi.Internal;

/// <summary>
/// <c>image_url</c> content parts (data: URLs only: a board fetches nothing) → RKLLM multimodal input. As for the MCP
/// generate tool (see <see cref="ImageInput"/>), nano has no vision encoder yet: raw images are accepted only for models
/// whose encoder is simulated (sim://...), which get the same deterministic simulated embedding.
/// </summary>
internal static class ImageParts
{
    public static byte[] Decode(string url, string param, InputGuard guard)
    {
        const string prefix = "data:";
        var comma = url.IndexOf(',', StringComparison.Ordinal);
        if (!url.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) || comma < 0 || !url[..comma].EndsWith(";base64", StringComparison.OrdinalIgnoreCase))
            throw new BadFieldException("image_url must be a base64 data: URL (data:image/png;base64,...); nano does not fetch images", param);
        BadFieldException.ThrowIf(guard.ImageBase64(url.AsSpan(comma + 1), param));
        try
        {
            return Convert.FromBase64String(url[(comma + 1)..]);
        }
        catch (FormatException)
        {
            throw new BadFieldException("the image data: URL is not valid base64", param);
        }
    }

    public static RkllmMultimodalInput Input(ModelDefinition model, string prompt, IReadOnlyList<byte[]> images, string role)
    {
        if (model.Multimodal is not { } mm)
            throw new BadFieldException($"model '{model.Name}' is not a vision model; it takes no image", "messages");
        if (!mm.EncoderPath.StartsWith("sim://", StringComparison.Ordinal))
            throw new BadFieldException($"nano cannot encode raw images for model '{model.Name}' yet (no vision encoder runtime)", "messages");
        var row = mm.ImageTokens * mm.EmbedDim;
        var embed = new float[row * images.Count];
        for (var i = 0; i < images.Count; i++)
            ImageInput.SimulatedEncoding(images[i], row).CopyTo(embed, i * row);
        var text = prompt.Contains(ImageInput.ImageTag, StringComparison.Ordinal) ? prompt : ImageInput.ImageTag + prompt;
        return new RkllmMultimodalInput(text, new RkllmImage(embed, mm.ImageTokens, images.Count, mm.ImageWidth, mm.ImageHeight)
        {
            Start = mm.ImageStart,
            End = mm.ImageEnd,
            Content = mm.ImageContent,
        }) { Role = role };
    }
}

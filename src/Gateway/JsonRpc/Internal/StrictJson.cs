using System.Text.Json;

namespace Nano.Gateway.JsonRpc.Internal;

/// <summary>
/// A fast allocation-free RFC 8259 pass (System.Text.Json's reader) before Newtonsoft builds the tree: Newtonsoft
/// tolerates trailing commas, comments, single quotes and raw control characters, and recursion depth must be
/// capped before anything recursive sees the frame.
/// </summary>
internal static class StrictJson
{
    public static JsonReaderOptions Options(int maxDepth) => new()
    {
        MaxDepth = maxDepth,
        CommentHandling = JsonCommentHandling.Disallow,
        AllowTrailingCommas = false,
        AllowMultipleValues = false,
    };

    /// <summary>Null when <paramref name="utf8"/> is one strict JSON value within the depth; otherwise why not.</summary>
    public static string? Check(ReadOnlySpan<byte> utf8, int maxDepth)
    {
        var reader = new Utf8JsonReader(utf8, Options(maxDepth));
        try
        {
            if (!reader.Read()) return "the message is empty";
            while (reader.Read()) { }
            return null;
        }
        catch (JsonException e)
        {
            return e.Message;
        }
    }
}

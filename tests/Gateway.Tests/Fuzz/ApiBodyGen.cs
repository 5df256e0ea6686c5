using System.Text;
using FsCheck;
using FsCheck.Fluent;

namespace Nano.Gateway.Tests.Fuzz;

/// <summary>
/// Request bodies for the OpenAI and Ollama APIs: real bodies as sent, their bytes mutated, and field-level fuzz —
/// each member replaced by a value of random type and shape, dropped, or joined by unknown members — plus random
/// JSON objects and noise.
/// </summary>
public static class ApiBodyGen
{
    /// <summary>A body for one of <paramref name="corpus"/>'s kind.</summary>
    public static Gen<byte[]> Body(string[] corpus)
    {
        var bytes = FrameCorpus.Bytes(corpus);
        return Gen.Frequency(
            (3, Gen.Elements(bytes)),
            (5, FrameMutator.Mutated(bytes)),
            (8, Gen.Elements(corpus).SelectMany(FieldFuzz).Select(Encoding.UTF8.GetBytes)),
            (1, JsonTextGen.ObjectOf(JsonTextGen.Value(2), 5).Select(Encoding.UTF8.GetBytes)),
            (1, JsonRpcGen.Any(FuzzNode.MaxJsonDepth).Select(m => Encoding.UTF8.GetBytes(m.Json))),
            (1, FrameMutator.Oversize(bytes, FuzzNode.MaxMessageBytes)));
    }

    /// <summary>The body with 1-3 of its members (or of its messages' members) replaced, dropped, or added to.</summary>
    private static Gen<string> FieldFuzz(string body)
    {
        var members = JObject.Parse(body).Properties().Select(p => (Key: JsonTextGen.Quote(p.Name), Value: p.Value.ToString(Newtonsoft.Json.Formatting.None))).ToList();
        var edit = from index in Gen.Choose(0, members.Count - 1)
                   from kind in Gen.Choose(0, 9)
                   from value in Gen.Frequency((3, JsonTextGen.Value(2)), (2, Messages), (1, Gen.Elements("-1", "0", "1e6", "\"zero\"", "\"probe\"", "\"\"", "null", "true", "[]", "{}")))
                   from key in Gen.Elements("\"model\"", "\"stream\"", "\"max_tokens\"", "\"options\"", "\"messages\"", "\"extra\"", "\"n\"", "\"format\"", "\"images\"", "\"tools\"")
                   select (index, kind, value, key);
        return Gen.Choose(1, 3).SelectMany(n => edit.ListOf(n)).Select(edits =>
        {
            var result = members.ToList();
            foreach (var (index, kind, value, key) in edits)
            {
                var at = Math.Min(index, result.Count - 1);
                if (kind < 6 && at >= 0) result[at] = (result[at].Key, value);
                else if (kind < 8 && at >= 0) result.RemoveAt(at);
                else result.Add((key, value));
            }
            return JsonTextGen.Object(result);
        });
    }

    /// <summary>Chat messages of random roles, contents (strings, part arrays, images, nothing) and shapes.</summary>
    private static Gen<string> Messages { get; } = JsonTextGen.ArrayOf(
        from role in Gen.Elements("\"user\"", "\"system\"", "\"assistant\"", "\"tool\"", "\"developer\"", "\"root\"", "7", "null")
        from content in Gen.Frequency(
            (4, JsonTextGen.String),
            (2, Gen.Elements(
                "[{\"type\":\"text\",\"text\":\"hi\"}]",
                "[{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/png;base64,AAAA\"}}]",
                "[{\"type\":\"image_url\",\"image_url\":\"x\"}]",
                "[{\"type\":\"input_audio\"}]", "[1]", "[]", "{}", "null")),
            (1, JsonTextGen.Value(2)))
        from extra in Gen.Elements("", ",\"images\":[\"AAAA\"]", ",\"images\":[7]", ",\"tool_calls\":[{}]", ",\"name\":\"n\"")
        select "{\"role\":" + role + ",\"content\":" + content + extra + "}", 4);
}

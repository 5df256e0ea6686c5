using System.Globalization;
using System.Text;
using Nano.Gateway.JsonRpc;
using Nano.Gateway.JsonRpc.Internal;

namespace Nano.Gateway.Tests.JsonRpc;

/// <summary>
/// The one-pass UTF-8 loader must build exactly the tree the Newtonsoft path builds (same token types, same values,
/// same member order); what it cannot mirror it leaves to Newtonsoft.
/// </summary>
public class Utf8JsonTreeLoaderSpec
{
    private const int Depth = 16;

    public static readonly string[] Numbers =
    [
        "0", "-0", "7", "-42", "9223372036854775807", "-9223372036854775808", "1.0", "-0.0", "0.1", "1e2", "1E2", "1e-2",
        "2.5E+3", "1.7976931348623157e308", "5e-324", "123456789.123456789", "4.35", "1e-400",
    ];

    public static readonly string[] Strings =
    [
        "\"\"", "\"plain\"", "\"quote \\\" backslash \\\\ slash \\/\"", "\"\\b\\f\\n\\r\\t\"", "\"\\u00e9\\u0000\"", "\"é 漢字 😀\"",
        "\"\\ud83d\\ude00\"", "\"2026-11-27T10:00:00Z\"",
    ];

    public static readonly string[] Shapes =
    [
        "{}", "[]", "[[],{}]", "{\"a\":1,\"a\":2,\"b\":3}", "{\"\":null}", " \t\r\n{\"a\" : [ 1 , true , false , null ] } \n",
        "{\"nested\":{\"deeper\":{\"deepest\":[1,[2,[3]]]}}}",
    ];

    [Fact]
    public void Valid_frames_load_to_the_same_tree_as_Newtonsoft()
    {
        var frames = Numbers.Select(n => $"{{\"v\":{n},\"list\":[{n}]}}")
            .Concat(Strings.Select(s => $"{{\"v\":{s}}}"))
            .Concat(Shapes).Concat(FuzzInput.ValidFrames).Concat(FuzzInput.WrongTypes.Where(f => !f.Contains("99999999999999999999999")));
        foreach (var frame in frames)
        {
            var bytes = Encoding.UTF8.GetBytes(frame);
            var tree = Utf8JsonTreeLoader.TryLoad(bytes, Depth);
            Assert.True(tree is not null, frame);
            var expected = JsonRpcCodec.LoadWithNewtonsoft(bytes, Depth, out var error);
            Assert.True(expected is not null, $"{frame}: {error}");
            AssertSameTree(expected!, tree!, frame);
        }
    }

    [Theory]
    [InlineData("{\"id\":99999999999999999999999}")]
    [InlineData("{\"a\":1e999999}")]
    [InlineData("[-1e400]")]
    [InlineData("{\"a\":\"\\ud800 lone\"}")]
    [InlineData("[\"\\udc00\"]")]
    public void What_only_Newtonsoft_loads_as_before_is_left_to_it(string frame)
    {
        var bytes = Encoding.UTF8.GetBytes(frame);
        Assert.Null(StrictJson.Check(bytes, Depth));
        Assert.Null(Utf8JsonTreeLoader.TryLoad(bytes, Depth));
    }

    [Fact]
    public void A_lone_surrogate_escape_still_parses_as_Newtonsoft_reads_it_to_a_replacement_character()
    {
        var parsed = Assert.IsType<JsonRpcParsed>(new JsonRpcCodec().Parse("{\"jsonrpc\":\"2.0\",\"method\":\"x\",\"params\":{\"s\":\"a\\ud800b\"}}"u8));
        var notification = Assert.IsType<JsonRpcNotification>(parsed.Message);
        Assert.Equal("a\ufffdb", (string?)notification.ParamsObject!["s"]);
    }

    [Fact]
    public void Fuzzed_frames_load_to_the_same_tree_through_either_loader()
    {
        var loaded = 0;
        foreach (var bytes in FuzzInput.Frames(seed: 11, FuzzInput.FrameCount))
        {
            if (!System.Text.Unicode.Utf8.IsValid(bytes) || StrictJson.Check(bytes, Depth) is not null) continue;
            if (Utf8JsonTreeLoader.TryLoad(bytes, Depth) is not { } tree) continue;
            var expected = JsonRpcCodec.LoadWithNewtonsoft(bytes, Depth, out var error);
            Assert.True(expected is not null, error);
            AssertSameTree(expected!, tree, Encoding.UTF8.GetString(bytes));
            loaded++;
        }
        // The corpus holds valid frames and valid mutations: the comparison above compared something.
        Assert.True(loaded > 100, $"only {loaded} fuzzed frames were JSON");
    }

    /// <summary>Stricter than JToken.DeepEquals, which calls 1 and 1.0 equal: token types, member order and exact values.</summary>
    private static void AssertSameTree(JToken expected, JToken actual, string frame)
    {
        Assert.True(expected.Type == actual.Type, $"{frame}: {expected.Type} vs {actual.Type} at {expected.Path}");
        switch (expected)
        {
            case JObject obj:
                var actualObj = (JObject)actual;
                Assert.Equal(obj.Properties().Select(p => p.Name), actualObj.Properties().Select(p => p.Name));
                foreach (var property in obj.Properties()) AssertSameTree(property.Value, actualObj[property.Name]!, frame);
                break;
            case JArray array:
                var actualArray = (JArray)actual;
                Assert.Equal(array.Count, actualArray.Count);
                for (var i = 0; i < array.Count; i++) AssertSameTree(array[i], actualArray[i], frame);
                break;
            case JValue value:
                var actualValue = (JValue)actual;
                Assert.Equal(value.Value?.GetType(), actualValue.Value?.GetType());
                if (value.Value is double d) Assert.Equal(BitConverter.DoubleToInt64Bits(d), BitConverter.DoubleToInt64Bits((double)actualValue.Value!));
                else Assert.Equal(Convert.ToString(value.Value, CultureInfo.InvariantCulture), Convert.ToString(actualValue.Value, CultureInfo.InvariantCulture));
                break;
        }
    }
}

using System.Buffers;
using System.Text;
using Nano.Gateway.JsonRpc;

namespace Nano.Gateway.Tests.JsonRpc;

public class JsonRpcCodecSpec
{
    private readonly JsonRpcCodec _codec = new(new JsonRpcLimits { MaxMessageBytes = 64 * 1024, MaxDepth = 32 });

    private JsonRpcParseResult Parse(string text) => _codec.Parse(Encoding.UTF8.GetBytes(text));

    private static JsonRpcErrorResponse ErrorOf(JsonRpcParseResult result) => Assert.IsType<JsonRpcInvalid>(result).Reply;

    [Fact]
    public void A_request_keeps_its_numeric_id_a_number()
    {
        var request = Assert.IsType<JsonRpcRequest>(Assert.IsType<JsonRpcParsed>(Parse("""{"jsonrpc":"2.0","id":42,"method":"ping"}""")).Message);
        Assert.True(request.Id.IsNumber);
        Assert.Equal(42, request.Id.AsNumber);
        var reply = Encoding.UTF8.GetString(_codec.Serialize(new JsonRpcResponse(request.Id, new JObject())));
        Assert.Equal("""{"jsonrpc":"2.0","id":42,"result":{}}""", reply);
    }

    [Fact]
    public void A_request_keeps_its_string_id_a_string_even_when_it_looks_numeric()
    {
        var request = Assert.IsType<JsonRpcRequest>(Assert.IsType<JsonRpcParsed>(Parse("""{"jsonrpc":"2.0","id":"42","method":"ping"}""")).Message);
        Assert.True(request.Id.IsString);
        Assert.NotEqual(new RequestId(42), request.Id);
        var reply = Encoding.UTF8.GetString(_codec.Serialize(new JsonRpcResponse(request.Id, new JObject())));
        Assert.Equal("""{"jsonrpc":"2.0","id":"42","result":{}}""", reply);
    }

    [Fact]
    public void A_message_without_id_is_a_notification()
    {
        var parsed = Assert.IsType<JsonRpcParsed>(Parse("""{"jsonrpc":"2.0","method":"notifications/initialized","params":{}}"""));
        var notification = Assert.IsType<JsonRpcNotification>(parsed.Message);
        Assert.Equal("notifications/initialized", notification.Method);
        Assert.NotNull(notification.ParamsObject);
    }

    [Fact]
    public void Invalid_json_is_a_parse_error_with_a_null_id()
    {
        var error = ErrorOf(Parse("""{"jsonrpc":"2.0","id":1,"method":"ping" """));
        Assert.Equal(JsonRpcErrorCodes.ParseError, error.Error.Code);
        Assert.Null(error.Id);
        Assert.Contains("\"id\":null", Encoding.UTF8.GetString(_codec.Serialize(error)));
    }

    [Theory]
    [InlineData("""{"jsonrpc":"1.0","id":3,"method":"ping"}""")]
    [InlineData("""{"jsonrpc":"2.0","id":3,"method":7}""")]
    [InlineData("""{"jsonrpc":"2.0","id":3,"method":"ping","params":"x"}""")]
    [InlineData("""{"jsonrpc":"2.0","id":3}""")]
    public void Json_that_is_not_a_request_is_an_invalid_request_answered_with_its_id(string text)
    {
        var error = ErrorOf(Parse(text));
        Assert.Equal(JsonRpcErrorCodes.InvalidRequest, error.Error.Code);
        Assert.Equal(new RequestId(3), error.Id);
    }

    [Theory]
    [InlineData("""{"jsonrpc":"2.0","id":null,"method":"ping"}""")]
    [InlineData("""{"jsonrpc":"2.0","id":1.5,"method":"ping"}""")]
    [InlineData("""{"jsonrpc":"2.0","id":{},"method":"ping"}""")]
    [InlineData("5")]
    public void An_unusable_id_is_an_invalid_request_with_a_null_id(string text)
    {
        var error = ErrorOf(Parse(text));
        Assert.Equal(JsonRpcErrorCodes.InvalidRequest, error.Error.Code);
        Assert.Null(error.Id);
    }

    [Theory]
    [MemberData(nameof(NotJsonFrames))]
    public void Text_newtonsoft_would_tolerate_but_json_forbids_is_a_parse_error(string text) =>
        Assert.Equal(JsonRpcErrorCodes.ParseError, ErrorOf(Parse(text)).Error.Code);

    public static TheoryData<string> NotJsonFrames() => new(FuzzInput.NotJson);

    [Fact]
    public void Date_like_strings_stay_strings()
    {
        var request = (JsonRpcRequest)((JsonRpcParsed)Parse("""{"jsonrpc":"2.0","id":1,"method":"m","params":{"p":"2025-01-01T00:00:00Z"}}""")).Message;
        Assert.Equal(JTokenType.String, request.ParamsObject!["p"]!.Type);
        Assert.Equal("2025-01-01T00:00:00Z", (string)request.ParamsObject["p"]!);
    }

    [Fact]
    public void Bad_utf8_is_a_parse_error()
    {
        foreach (var bytes in FuzzInput.BadUtf8())
            Assert.Equal(JsonRpcErrorCodes.ParseError, ErrorOf(_codec.Parse(bytes)).Error.Code);
    }

    [Fact]
    public void A_frame_over_the_size_limit_is_refused_without_parsing()
    {
        var huge = new byte[_codec.Limits.MaxMessageBytes + 1];
        huge.AsSpan().Fill((byte)'[');
        var error = ErrorOf(_codec.Parse(huge));
        Assert.Equal(JsonRpcErrorCodes.MessageTooLarge, error.Error.Code);
        Assert.Equal(_codec.Limits.MaxMessageBytes, (int)error.Error.Data!["max_bytes"]!);
    }

    [Fact]
    public void Nesting_deeper_than_the_limit_is_a_parse_error_and_the_limit_itself_is_fine()
    {
        Assert.Equal(JsonRpcErrorCodes.ParseError, ErrorOf(_codec.Parse(FuzzInput.Deep(33))).Error.Code);
        Assert.Equal(JsonRpcErrorCodes.ParseError, ErrorOf(_codec.Parse(FuzzInput.DeepObjects(10_000))).Error.Code);
        // 32 levels of arrays parse as JSON (a batch of one nested array); they are just not a message.
        var batch = Assert.IsType<JsonRpcBatch>(_codec.Parse(FuzzInput.Deep(32)));
        Assert.Equal(JsonRpcErrorCodes.InvalidRequest, ErrorOf(Assert.Single(batch.Items)).Error.Code);
    }

    [Fact]
    public void A_batch_classifies_each_item_and_an_empty_batch_is_invalid()
    {
        var batch = Assert.IsType<JsonRpcBatch>(Parse("""[{"jsonrpc":"2.0","id":1,"method":"ping"},5,{"jsonrpc":"2.0","method":"n"}]"""));
        Assert.IsType<JsonRpcRequest>(Assert.IsType<JsonRpcParsed>(batch.Items[0]).Message);
        Assert.Equal(JsonRpcErrorCodes.InvalidRequest, ErrorOf(batch.Items[1]).Error.Code);
        Assert.IsType<JsonRpcNotification>(Assert.IsType<JsonRpcParsed>(batch.Items[2]).Message);
        Assert.Equal(JsonRpcErrorCodes.InvalidRequest, ErrorOf(Parse("[]")).Error.Code);
    }

    [Fact]
    public void Responses_from_the_client_are_read_as_responses()
    {
        Assert.IsType<JsonRpcResponse>(((JsonRpcParsed)Parse("""{"jsonrpc":"2.0","id":1,"result":{"a":1}}""")).Message);
        var error = Assert.IsType<JsonRpcErrorResponse>(((JsonRpcParsed)Parse("""{"jsonrpc":"2.0","id":1,"error":{"code":-1,"message":"m"}}""")).Message);
        Assert.Equal(-1, error.Error.Code);
    }

    [Fact]
    public void Written_frames_escape_newlines_and_control_characters_so_line_framing_holds()
    {
        var bytes = _codec.Serialize(new JsonRpcResponse(1, new JObject { ["text"] = "a\nb\r\u0001\u2028é😀" }));
        Assert.DoesNotContain((byte)'\n', bytes);
        Assert.DoesNotContain((byte)'\r', bytes);
        var back = (JsonRpcResponse)((JsonRpcParsed)_codec.Parse(bytes)).Message;
        Assert.Equal("a\nb\r\u0001\u2028é😀", (string)back.Result["text"]!);
    }

    [Fact]
    public void A_lone_surrogate_is_written_as_a_replacement_character_not_invalid_utf8()
    {
        var bytes = _codec.Serialize(new JsonRpcResponse(1, new JObject { ["text"] = "x\uD800y" }));
        Assert.True(System.Text.Unicode.Utf8.IsValid(bytes));
    }

    [Fact]
    public void A_frame_split_across_segments_parses_like_a_contiguous_one()
    {
        var bytes = Encoding.UTF8.GetBytes("""{"jsonrpc":"2.0","id":"x","method":"tools/list"}""");
        var first = new Segment(bytes.AsMemory(0, 10));
        var last = first.Append(bytes.AsMemory(10));
        var parsed = _codec.Parse(new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length));
        Assert.Equal("tools/list", ((JsonRpcRequest)((JsonRpcParsed)parsed).Message).Method);
    }

    [Fact]
    public void Errors_carry_data_only_when_given()
    {
        var plain = Encoding.UTF8.GetString(_codec.Serialize(JsonRpcCodec.Error(5, -32601, "Method not found")));
        Assert.Equal("""{"jsonrpc":"2.0","id":5,"error":{"code":-32601,"message":"Method not found"}}""", plain);
        var withData = Encoding.UTF8.GetString(_codec.Serialize(JsonRpcCodec.Error("s", -31001, "full", new JObject { ["retry_after_ms"] = 250 })));
        Assert.Equal("""{"jsonrpc":"2.0","id":"s","error":{"code":-31001,"message":"full","data":{"retry_after_ms":250}}}""", withData);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory) => Memory = memory;

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory) { RunningIndex = RunningIndex + Memory.Length };
            Next = next;
            return next;
        }
    }
}

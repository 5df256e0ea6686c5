namespace Nano.LoadGen.Internal;

internal enum Outcome { Ok, Error, Shed, Timeout, Abandoned }

/// <summary>Where an error came from and its code: a JSON-RPC error, a tool's isError result, an HTTP status, or I/O.</summary>
internal readonly record struct ErrorKey(string Source, int Code = 0)
{
    public static readonly ErrorKey Io = new("io");
    public static readonly ErrorKey NoAnswer = new("protocol");
    public static readonly ErrorKey ErrorEvent = new("answer");

    public static ErrorKey JsonRpc(int code) => new("jsonrpc", code);
    public static ErrorKey Tool(int code) => new("tool", code);
    public static ErrorKey Http(int status) => new("http", status);

    /// <summary>Refusals for lack of capacity, to be retried later: nano's QUEUE_FULL, RESOURCE_EXHAUSTED, TOO_MANY_REQUESTS; HTTP 429 and 503.</summary>
    public bool IsShed => Source == "http" ? Code is 429 or 503 : Code is -31001 or -31002 or -31008;

    public override string ToString() => Source switch
    {
        "io" => "io (connection failed or closed)",
        "protocol" => "protocol (the answer was missing or unreadable)",
        "answer" => "answer (an error object instead of a completion)",
        "http" => $"http {Code}",
        _ => Name(Code) is { } name ? $"{Source} {Code} {name}" : $"{Source} {Code}",
    };

    private static string? Name(int code) => code switch
    {
        -32700 => "PARSE_ERROR",
        -32600 => "INVALID_REQUEST",
        -32601 => "METHOD_NOT_FOUND",
        -32602 => "INVALID_PARAMS",
        -32603 => "INTERNAL_ERROR",
        -31001 => "QUEUE_FULL",
        -31002 => "RESOURCE_EXHAUSTED",
        -31003 => "MODEL_NOT_FOUND",
        -31004 => "TIMEOUT",
        -31005 => "CANCELLED",
        -31006 => "MODEL_FAILED",
        -31007 => "RUNTIME_FAULT",
        -31008 => "TOO_MANY_REQUESTS",
        -31009 => "MESSAGE_TOO_LARGE",
        -31010 => "BAD_REQUEST",
        -31011 => "NODE_LOST",
        _ => null,
    };
}

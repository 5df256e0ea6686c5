using System.Text;

namespace Nano.Gateway.Tests.Fuzz;

/// <summary>Real frames, as clients send them: the seeds the mutator starts from.</summary>
public static class FrameCorpus
{
    public static readonly string[] Mcp =
    [
        """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"fuzz","version":"1"}}}""",
        """{"jsonrpc":"2.0","id":"i-2","method":"initialize","params":{"protocolVersion":"2025-03-26","capabilities":{"roots":{}},"clientInfo":{"name":"fuzz","version":"1"}}}""",
        """{"jsonrpc":"2.0","method":"notifications/initialized"}""",
        """{"jsonrpc":"2.0","id":2,"method":"tools/list"}""",
        """{"jsonrpc":"2.0","id":3,"method":"tools/list","params":{"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{}}}}""",
        """{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"generate","arguments":{"model":"zero","prompt":"Hello","max_tokens":3},"_meta":{"progressToken":5}}}""",
        """{"jsonrpc":"2.0","id":"g-8","method":"tools/call","params":{"name":"generate","arguments":{"model":"zero","messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Hi"}],"max_tokens":2,"sampling":{"temperature":0.7,"top_p":0.9}},"_meta":{"progressToken":"tok","io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{}}}}""",
        """{"jsonrpc":"2.0","id":9,"method":"tools/call","params":{"name":"embeddings","arguments":{"model":"zero","text":"embed me"}}}""",
        """{"jsonrpc":"2.0","id":10,"method":"tools/call","params":{"name":"list_models","arguments":{}}}""",
        """{"jsonrpc":"2.0","id":11,"method":"tools/call","params":{"name":"abort","arguments":{"request_id":"r-1","model":"zero"}}}""",
        """{"jsonrpc":"2.0","id":12,"method":"resources/list"}""",
        """{"jsonrpc":"2.0","id":13,"method":"resources/read","params":{"uri":"nano://models/zero"}}""",
        """{"jsonrpc":"2.0","id":14,"method":"ping"}""",
        """{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":7,"reason":"user cancelled"}}""",
        """{"jsonrpc":"2.0","id":15,"method":"logging/setLevel","params":{"level":"debug"}}""",
        """{"jsonrpc":"2.0","id":16,"method":"server/discover","params":{"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{}}}}""",
        """[{"jsonrpc":"2.0","id":17,"method":"ping"},{"jsonrpc":"2.0","method":"notifications/initialized"},{"jsonrpc":"2.0","id":18,"method":"tools/list"}]""",
        """{"jsonrpc":"2.0","id":19,"result":{}}""",
        """{"jsonrpc":"2.0","id":20,"error":{"code":-32601,"message":"no"}}""",
    ];

    public static readonly string[] OpenAiChat =
    [
        """{"model":"zero","messages":[{"role":"user","content":"Tell me about the NPU."}],"max_tokens":3}""",
        """{"model":"zero","messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Hi"}],"max_tokens":2,"stream":true,"stream_options":{"include_usage":true}}""",
        """{"model":"zero","messages":[{"role":"user","content":[{"type":"text","text":"What is this?"},{"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo="}}]}],"max_tokens":2}""",
        """{"model":"zero","messages":[{"role":"user","content":"weather?"}],"tools":[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object","properties":{"city":{"type":"string"}}}}}],"tool_choice":"auto","max_tokens":4}""",
        """{"model":"zero","messages":[{"role":"user","content":"x"}],"temperature":0.5,"top_p":0.9,"stop":["\n"],"n":1,"seed":3,"max_completion_tokens":2,"user":"u"}""",
    ];

    public static readonly string[] OpenAiCompletion =
    [
        """{"model":"zero","prompt":"Once upon a time","max_tokens":3}""",
        """{"model":"zero","prompt":"Count:","max_tokens":2,"stream":true,"echo":false,"stop":"\n"}""",
    ];

    public static readonly string[] OpenAiEmbedding =
    [
        """{"model":"zero","input":"embed me"}""",
        """{"model":"zero","input":["a","b"],"encoding_format":"float"}""",
    ];

    public static readonly string[] OllamaChat =
    [
        """{"model":"zero","messages":[{"role":"user","content":"Why is the sky blue?"}],"stream":false,"options":{"num_predict":3}}""",
        """{"model":"zero","messages":[{"role":"user","content":"Hi"}],"options":{"num_predict":2,"temperature":0.2,"stop":["\n"]}}""",
        """{"model":"zero","messages":[{"role":"user","content":"look","images":["iVBORw0KGgo="]}],"stream":false,"options":{"num_predict":1}}""",
    ];

    public static readonly string[] OllamaGenerate =
    [
        """{"model":"zero","prompt":"Why is the sky blue?","stream":false,"options":{"num_predict":3}}""",
        """{"model":"zero","prompt":"Hi","system":"Be brief.","options":{"num_predict":2,"top_k":5},"keep_alive":"5m"}""",
        """{"model":"zero","prompt":"","stream":false}""",
    ];

    public static byte[][] Bytes(IEnumerable<string> frames) => frames.Select(f => Encoding.UTF8.GetBytes(f)).ToArray();
}

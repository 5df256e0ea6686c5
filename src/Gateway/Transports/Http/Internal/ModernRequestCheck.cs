using Microsoft.AspNetCore.Http;
using Nano.Gateway.JsonRpc;
using Nano.Gateway.Mcp;
using Newtonsoft.Json.Linq;

namespace Nano.Gateway.Transports.Http.Internal;

/// <summary>
/// 2026-07-28 "Server Validation": the headers that mirror the body (MCP-Protocol-Version, Mcp-Method, Mcp-Name)
/// must be present and agree with it, else 400 with HeaderMismatch (-32020), so that intermediaries routing on the
/// headers and nano acting on the body can never disagree.
/// </summary>
internal static class ModernRequestCheck
{
    /// <summary>The error to answer with, or null when the request's headers agree with its body.</summary>
    public static JsonRpcError? Check(IHeaderDictionary headers, JsonRpcRequest request)
    {
        var version = headers[McpHttpHeaders.ProtocolVersion].ToString();
        if (version.Length == 0)
            return Mismatch($"the {McpHttpHeaders.ProtocolVersion} header is required for protocol version {McpProtocolVersions.Modern}");
        var metaVersion = (request.ParamsObject?["_meta"] as JObject)?[McpHttpHeaders.ProtocolVersionMeta];
        if (metaVersion is not JValue { Value: string bodyVersion })
            return new JsonRpcError(JsonRpcErrorCodes.InvalidParams,
                $"Invalid params: requests of protocol version {version} carry _meta.\"{McpHttpHeaders.ProtocolVersionMeta}\"");
        if (bodyVersion != version)
            return Mismatch($"{McpHttpHeaders.ProtocolVersion} header value '{version}' does not match body value '{bodyVersion}'");

        if (!headers.TryGetValue(McpHttpHeaders.Method, out var methodHeader))
            return Mismatch($"the {McpHttpHeaders.Method} header is required");
        if (methodHeader.ToString().Trim() != request.Method)
            return Mismatch($"{McpHttpHeaders.Method} header value '{Printable(methodHeader.ToString())}' does not match body value '{request.Method}'");

        if (NameSource(request) is not { } field) return null;
        var bodyName = request.ParamsObject?[field] is JValue { Value: string s } ? s : null;
        if (!headers.TryGetValue(McpHttpHeaders.Name, out var nameHeader))
            return bodyName is null ? null : Mismatch($"the {McpHttpHeaders.Name} header is required for {request.Method}");
        var headerName = McpHeaderValue.Decode(nameHeader.ToString());
        if (headerName is null) return Mismatch($"the {McpHttpHeaders.Name} header has invalid characters or a broken Base64 value");
        return headerName == bodyName
            ? null
            : Mismatch($"{McpHttpHeaders.Name} header value '{Printable(headerName)}' does not match body value '{bodyName}'");
    }

    /// <summary>The params field Mcp-Name mirrors, for the methods that have one.</summary>
    private static string? NameSource(JsonRpcRequest request) => request.Method switch
    {
        McpMethods.ToolsCall or "prompts/get" => "name",
        McpMethods.ResourcesRead => "uri",
        _ => null,
    };

    private static JsonRpcError Mismatch(string what) => new(JsonRpcErrorCodes.HeaderMismatch, $"Header mismatch: {what}");

    private static string Printable(string value) => value.Length > 200 ? value[..200] + "…" : value;
}

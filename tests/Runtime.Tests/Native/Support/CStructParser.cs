using System.Text.RegularExpressions;

namespace Nano.Runtime.Tests.Native.Support;

/// <summary>
/// Reads the struct typedefs and their field names out of preprocessed rkllm_abi.h (gcc -E resolves the ABI
/// #if blocks). Only text from the named header counts (line markers tell system headers apart).
/// Members of an anonymous union count as fields of the enclosing struct, as in C.
/// </summary>
internal static partial class CStructParser
{
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> Parse(string preprocessed, string headerFileName)
    {
        var own = new System.Text.StringBuilder();
        var inHeader = false;
        foreach (var line in preprocessed.Split('\n'))
        {
            if (line.StartsWith("# ", StringComparison.Ordinal))
                inHeader = line.Contains($"/{headerFileName}\"", StringComparison.Ordinal);
            else if (inHeader)
                own.AppendLine(line);
        }

        var result = new Dictionary<string, IReadOnlyList<string>>();
        foreach (Match m in StructRegex().Matches(own.ToString()))
        {
            var body = UnionRegex().Replace(m.Groups["body"].Value, " ").Replace("}", " ");
            var fields = body.Split(';')
                .Select(d => d.Trim())
                .Where(d => d.Length > 0)
                .Select(d => FieldNameRegex().Match(d))
                .Select(f => f.Success ? f.Groups["name"].Value : throw new FormatException($"unparsed field in {m.Groups["name"]}"))
                .ToList();
            result[m.Groups["name"].Value] = fields;
        }
        return result;
    }

    [GeneratedRegex(@"typedef\s+struct\s*\w*\s*\{(?<body>(?:[^{}]|\{[^{}]*\})*)\}\s*(?<name>\w+)\s*;")]
    private static partial Regex StructRegex();

    [GeneratedRegex(@"union\s*\{")]
    private static partial Regex UnionRegex();

    [GeneratedRegex(@"(?<name>\w+)\s*(\[\s*\w+\s*\])?$")]
    private static partial Regex FieldNameRegex();
}

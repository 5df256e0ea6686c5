using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using Nano.Runtime.Native.Internal.Interop;
using Nano.Runtime.Tests.Native.Support;

namespace Nano.Runtime.Tests.Native;

/// <summary>
/// The managed mirror structs must match rkllm_abi.h byte for byte: a wrong offset corrupts memory on the board.
/// gcc preprocesses the header (to list every struct and field of the ABI) and compiles a probe printing
/// sizeof/offsetof, which is compared with the managed layout of the structs in Internal/Interop and Internal/AbiNN.
/// </summary>
public class LayoutSpec
{
    private static readonly Assembly Runtime = typeof(RKLLMResult).Assembly;

    [Theory]
    [InlineData(12)]
    [InlineData(13)]
    public void Every_struct_and_field_of_the_abi_matches_the_C_layout(int abi)
    {
        var work = Directory.CreateTempSubdirectory($"nano-layout-{abi}-");
        try
        {
            var include = System.IO.Path.Combine(RepoRoot.Path, "native", "include");
            var header = System.IO.Path.Combine(include, "rkllm_abi.h");
            var define = $"-DNANO_RKLLM_ABI={abi}";

            var cStructs = CStructParser.Parse(Gcc.Run(Gcc.Compiler, "-E", define, header), "rkllm_abi.h");
            var managed = ManagedStructs(abi);
            Assert.True(cStructs.Count >= 15, $"parsed only {cStructs.Count} structs from {header}");
            Assert.Equal(cStructs.Keys.Order(), managed.Keys.Order());

            var problems = new List<string>();
            foreach (var (name, fields) in cStructs)
            {
                var managedFields = InstanceFields(managed[name]).Select(f => f.Name).ToList();
                if (!fields.SequenceEqual(managedFields))
                    problems.Add($"{name}: C fields [{string.Join(", ", fields)}] but managed [{string.Join(", ", managedFields)}]");
            }
            Assert.True(problems.Count == 0, string.Join('\n', problems));

            var probe = System.IO.Path.Combine(work.FullName, "probe.c");
            File.WriteAllText(probe, ProbeSource(cStructs));
            var exe = System.IO.Path.Combine(work.FullName, "probe");
            Gcc.Run(Gcc.Compiler, "-std=c11", "-Wall", "-Werror", define, "-I", include, probe, "-o", exe);
            var measured = ParseProbe(Gcc.Run(exe));

            var compared = 0;
            foreach (var (name, fields) in cStructs)
            {
                var type = managed[name];
                Check(problems, $"{name} size", measured[$"{name} size"], Marshal.SizeOf(type));
                Check(problems, $"{name} unsafe size", measured[$"{name} size"], UnsafeSize(type));
                if (ContainsReferences(type)) problems.Add($"{name} is not blittable");
                foreach (var field in fields)
                {
                    var info = type.GetField(field, BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)!;
                    Check(problems, $"{name}.{field} offset", measured[$"{name}.{field} offset"], (int)Marshal.OffsetOf(type, field));
                    Check(problems, $"{name}.{field} size", measured[$"{name}.{field} fieldsize"], Marshal.SizeOf(info.FieldType));
                    compared++;
                }
            }
            Assert.True(problems.Count == 0, $"ABI {abi} layout differs from {header}:\n{string.Join('\n', problems)}");
            Assert.True(compared >= 70, $"only {compared} fields compared");
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    [Fact]
    public void The_union_members_sit_at_offset_16_on_both_abis()
    {
        foreach (var type in new[] { typeof(Nano.Runtime.Native.Internal.Abi12.RKLLMInput), typeof(Nano.Runtime.Native.Internal.Abi13.RKLLMInput) })
        {
            foreach (var member in new[] { "prompt_input", "embed_input", "token_input", "multimodal_input" })
                Assert.Equal(16, (int)Marshal.OffsetOf(type, member));
        }
        Assert.Equal(160, Unsafe.SizeOf<Nano.Runtime.Native.Internal.Abi13.RKLLMInput>());
        Assert.Equal(64, Unsafe.SizeOf<Nano.Runtime.Native.Internal.Abi12.RKLLMInput>());
    }

    private static Dictionary<string, Type> ManagedStructs(int abi)
    {
        var namespaces = new[] { typeof(RKLLMResult).Namespace, $"Nano.Runtime.Native.Internal.Abi{abi}" };
        return Runtime.GetTypes()
            .Where(t => t.IsValueType && !t.IsNested && namespaces.Contains(t.Namespace) && t.Name.StartsWith("RKLLM", StringComparison.Ordinal))
            .ToDictionary(t => t.Name);
    }

    private static IEnumerable<FieldInfo> InstanceFields(Type type) =>
        type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic).OrderBy(f => (int)Marshal.OffsetOf(type, f.Name)).ThenBy(f => f.MetadataToken);

    private static string ProbeSource(IReadOnlyDictionary<string, IReadOnlyList<string>> structs)
    {
        var source = new StringBuilder("""
            #include <stdio.h>
            #include <stddef.h>
            #include "rkllm_abi.h"
            #define S(T) printf(#T " size %zu\n", sizeof(T));
            #define F(T, f) printf(#T "." #f " offset %zu\n", offsetof(T, f)); printf(#T "." #f " fieldsize %zu\n", sizeof(((T*)0)->f));
            int main(void) {

            """);
        foreach (var (name, fields) in structs)
        {
            source.AppendLine($"    S({name})");
            foreach (var field in fields) source.AppendLine($"    F({name}, {field})");
        }
        return source.AppendLine("    return 0;\n}").ToString();
    }

    private static Dictionary<string, int> ParseProbe(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split(' '))
            .ToDictionary(p => $"{p[0]} {p[1]}", p => int.Parse(p[2], System.Globalization.CultureInfo.InvariantCulture));

    private static void Check(List<string> problems, string what, int c, int managed)
    {
        if (c != managed) problems.Add($"{what}: C {c}, managed {managed}");
    }

    private static int UnsafeSize(Type t) =>
        (int)typeof(Unsafe).GetMethod(nameof(Unsafe.SizeOf))!.MakeGenericMethod(t).Invoke(null, null)!;

    private static bool ContainsReferences(Type t) =>
        (bool)typeof(RuntimeHelpers).GetMethod(nameof(RuntimeHelpers.IsReferenceOrContainsReferences))!.MakeGenericMethod(t).Invoke(null, null)!;
}

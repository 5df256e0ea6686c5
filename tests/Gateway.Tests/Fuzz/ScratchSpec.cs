using System.Text;
namespace Nano.Gateway.Tests.Fuzz;
public class ScratchSpec(ITestOutputHelper output)
{
    [Fact]
    public void Scratch()
    {
        foreach (var (salt, id) in new[] { ("stdio", "\"s-537\""), ("tcp", "\"s-2183\"") })
            foreach (var f in McpFrames.Sample(salt, FuzzNode.MaxMessageBytes))
            {
                var t = Encoding.UTF8.GetString(f);
                if (t.Contains(id)) output.WriteLine($"{salt}: {t}");
            }
    }
}

using Nano.Runtime.Isolation.Internal;

namespace Nano.Runtime.Tests.Isolation;

public sealed class RuntimeVersionLineSpec
{
    [Theory]
    [InlineData("I rkllm: rkllm-runtime version: 1.3.0-nano-emulator, rknpu driver version: emulated", "1.3.0", RkllmAbi.V1_3)]
    [InlineData("rkllm-runtime version: 1.2.3, rknpu driver version: 0.9.8, platform: RK3588", "1.2.3", RkllmAbi.V1_2)]
    [InlineData("I rkllm: rkllm-runtime version: 1.2.1b1", "1.2.1", RkllmAbi.V1_2)]
    public void The_version_line_is_parsed_and_mapped_to_its_ABI(string line, string version, RkllmAbi abi)
    {
        Assert.True(RuntimeVersionLine.TryParse(line, out var parsed));
        Assert.Equal(version, parsed);
        Assert.Equal(abi, RuntimeVersionLine.AbiOf(parsed));
        Assert.Null(RuntimeVersionLine.Check(parsed, abi));
    }

    [Theory]
    [InlineData("1.2.3", RkllmAbi.V1_3)]
    [InlineData("1.3.0", RkllmAbi.V1_2)]
    [InlineData("1.30.0", RkllmAbi.V1_3)]
    [InlineData("1.1.4", RkllmAbi.V1_2)]
    public void A_version_of_another_ABI_is_an_AbiMismatch(string version, RkllmAbi configured)
    {
        var fault = RuntimeVersionLine.Check(version, configured);

        Assert.Equal(RuntimeFaultKind.AbiMismatch, fault?.Kind);
        Assert.Contains(version, fault!.Reason);
    }

    [Fact]
    public void Other_lines_are_not_version_lines() =>
        Assert.False(RuntimeVersionLine.TryParse("I rkllm: loading model, max_context_len 4096", out _));
}

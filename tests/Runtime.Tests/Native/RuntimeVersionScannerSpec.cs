using System.Text;
using Nano.Runtime.Native.Internal;
using Nano.Runtime.Tests.Native.Support;

namespace Nano.Runtime.Tests.Native;

/// <summary>The byte scan that finds a vendor runtime's version without running it.</summary>
public class RuntimeVersionScannerSpec
{
    private static RuntimeVersionScanner.Result Scan(string text) => RuntimeVersionScanner.Scan(Encoding.ASCII.GetBytes(text));

    [Theory]
    [InlineData(12, "1.2.3", RkllmAbi.V1_2)]
    [InlineData(13, "1.3.0", RkllmAbi.V1_3)]
    public void The_emulator_binaries_are_recognised_by_their_banner(int abi, string version, RkllmAbi expected)
    {
        var result = RuntimeVersionScanner.ScanFile(Emulator.Library(abi));

        Assert.Equal(version, result.Version);
        Assert.Equal(expected, result.Abi);
    }

    [Fact]
    public void A_version_far_from_any_rkllm_mention_is_ignored()
    {
        var text = "rkllm-runtime" + new string('\0', 2000) + "deflate 1.2.13 Copyright Jean-loup Gailly";

        Assert.Null(Scan(text).Version);
    }

    [Fact]
    public void Versions_of_different_abis_give_no_answer_rather_than_a_guess()
    {
        var mixed = Scan("rkllm 1.2.3\0 and 1.3.0");
        var oldAndNew = Scan("rkllm 1.2.0\0 and 1.2.3");
        var sameAbi = Scan("rkllm 1.2.2\0 and 1.2.3 and 1.2.3");

        Assert.Null(mixed.Version);
        Assert.Contains("conflicting", mixed.Evidence);
        Assert.Null(oldAndNew.Version);
        Assert.Equal("1.2.3", sameAbi.Version);
    }

    [Theory]
    [InlineData("rkllm\0" + "11.2.3")]
    [InlineData("rkllm\0" + "1.2.3.4")]
    [InlineData("rkllm\0" + "0.1.2.3")]
    [InlineData("rkllm\0" + "1.2")]
    public void Longer_or_shorter_dotted_numbers_are_not_versions(string text) => Assert.Null(Scan(text).Version);

    [Theory]
    [InlineData("RKLLM Runtime v1.3.0b2 (build 20250901)", "1.3.0b2", RkllmAbi.V1_3)]
    [InlineData("1.2.1\0rkllm_init", "1.2.1", RkllmAbi.V1_2)]
    [InlineData("rkllm-runtime version: 1.2.2, platform", "1.2.2", RkllmAbi.V1_2)]
    [InlineData("rkllm-runtime version: 1.2.1b1", "1.2.1b1", null)]
    [InlineData("rkllm-runtime version: 1.2.0", "1.2.0", null)]
    [InlineData("rkllm-runtime version: 1.1.2", "1.1.2", null)]
    public void Versions_next_to_rkllm_are_found_and_mapped_to_the_abi_whose_layout_they_have(string text, string version, RkllmAbi? abi)
    {
        var result = Scan(text);

        Assert.Equal(version, result.Version);
        Assert.Equal(abi, result.Abi);
    }
}

using Nano.Runtime.Native;
using Nano.Runtime.Tests.Native.Support;

namespace Nano.Runtime.Tests.Native;

/// <summary>Loading a library by path: info, ABI verification (emulator probe and vendor version scan), faults.</summary>
public class NativeLoadingSpec
{
    [Theory]
    [InlineData(12, "1.2.3-nano-emulator")]
    [InlineData(13, "1.3.0-nano-emulator")]
    public void The_emulator_reports_its_kind_version_and_abi(int abi, string version)
    {
        var runtime = Emulator.Runtime(abi);

        Assert.Equal(RuntimeKind.Emulator, runtime.Info.Kind);
        Assert.Equal(Emulator.Abi(abi), runtime.Info.Abi);
        Assert.Equal(version, runtime.Info.Version);
        Assert.Equal(Path.GetFullPath(Emulator.Library(abi)), runtime.Info.Library);
        Assert.False(runtime.Info.IsSimulated);
    }

    [Theory]
    [InlineData(12, 13)]
    [InlineData(13, 12)]
    public void A_library_of_the_other_abi_is_refused_as_an_abi_mismatch(int built, int configured)
    {
        var fault = Assert.Throws<RuntimeFaultException>(() => new NativeRuntime(Emulator.Abi(configured), Emulator.Library(built)));

        Assert.Equal(RuntimeFaultKind.AbiMismatch, fault.Kind);
        Assert.Contains(built == 12 ? "1.2.3-nano-emulator" : "1.3.0-nano-emulator", fault.Message);
        Assert.Contains(configured == 12 ? "v1.2" : "v1.3", fault.Message);
        Assert.Contains(Path.GetFullPath(Emulator.Library(built)), fault.Message);
    }

    [Fact]
    public void A_missing_library_is_a_library_missing_fault_naming_the_path()
    {
        var path = Path.Combine(Path.GetTempPath(), $"nano-{Guid.NewGuid():N}", "librkllmrt.so");

        var fault = Assert.Throws<RuntimeFaultException>(() => new NativeRuntime(RkllmAbi.V1_3, path));

        Assert.Equal(RuntimeFaultKind.LibraryMissing, fault.Kind);
        Assert.Contains(path, fault.Message);
    }

    [Fact]
    public void A_file_that_is_not_a_library_is_a_library_missing_fault()
    {
        using var dir = new TempDir();
        var path = dir.File("librkllmrt.so", "not an ELF file");

        var fault = Assert.Throws<RuntimeFaultException>(() => new NativeRuntime(RkllmAbi.V1_3, path));

        Assert.Equal(RuntimeFaultKind.LibraryMissing, fault.Kind);
        Assert.Contains(path, fault.Message);
    }

    [Fact]
    public void A_library_without_an_rkllm_export_is_a_library_missing_fault_naming_the_symbol()
    {
        using var dir = new TempDir();
        var path = StubLibrary.Build(dir, "rkllm-runtime version: 1.3.0", ["rkllm_createDefaultParam"]);

        var fault = Assert.Throws<RuntimeFaultException>(() => new NativeRuntime(RkllmAbi.V1_3, path));

        Assert.Equal(RuntimeFaultKind.LibraryMissing, fault.Kind);
        Assert.Contains("rkllm_init", fault.Message);
        Assert.Contains(path, fault.Message);
    }

    [Theory]
    [InlineData("I rkllm: rkllm-runtime version: 1.2.3, platform: RK3588", RkllmAbi.V1_2, "1.2.3")]
    [InlineData("I rkllm: rkllm-runtime version: 1.3.0, platform: RK3588", RkllmAbi.V1_3, "1.3.0")]
    public void A_vendor_library_is_checked_by_the_version_string_it_contains(string banner, RkllmAbi actual, string version)
    {
        using var dir = new TempDir();
        var path = StubLibrary.Build(dir, banner);
        var other = actual == RkllmAbi.V1_3 ? RkllmAbi.V1_2 : RkllmAbi.V1_3;

        var runtime = new NativeRuntime(actual, path);
        var fault = Assert.Throws<RuntimeFaultException>(() => new NativeRuntime(other, path));

        Assert.Equal(RuntimeKind.Native, runtime.Info.Kind);
        Assert.Equal(version, runtime.Info.Version);
        Assert.Equal(RuntimeFaultKind.AbiMismatch, fault.Kind);
        Assert.Contains(version, fault.Message);
    }

    [Fact]
    public void A_vendor_library_older_than_the_v12_abi_is_refused_for_both_abis()
    {
        using var dir = new TempDir();
        var path = StubLibrary.Build(dir, "I rkllm: rkllm-runtime version: 1.2.0, platform: RK3588");

        var asV12 = Assert.Throws<RuntimeFaultException>(() => new NativeRuntime(RkllmAbi.V1_2, path));
        var asV13 = Assert.Throws<RuntimeFaultException>(() => new NativeRuntime(RkllmAbi.V1_3, path));

        Assert.Equal(RuntimeFaultKind.AbiMismatch, asV12.Kind);
        Assert.Equal(RuntimeFaultKind.AbiMismatch, asV13.Kind);
        Assert.Contains("1.2.0", asV12.Message);
    }

    [Fact]
    public void A_vendor_library_without_a_version_string_is_trusted_as_configured()
    {
        using var dir = new TempDir();
        var path = StubLibrary.Build(dir, "rkllm runtime without a version");

        var runtime = new NativeRuntime(RkllmAbi.V1_2, path);

        Assert.Equal(RuntimeKind.Native, runtime.Info.Kind);
        Assert.Equal("unknown", runtime.Info.Version);
        Assert.Equal(RkllmAbi.V1_2, runtime.Info.Abi);
    }

    [Theory]
    [InlineData(12)]
    [InlineData(13)]
    public void Default_parameters_come_from_rkllm_createDefaultParam(int abi)
    {
        var defaults = Emulator.Runtime(abi).CreateDefaultParams("/models/x.rkllm");

        Assert.Equal("/models/x.rkllm", defaults.ModelPath);
        Assert.Equal(4096, defaults.MaxContextLen);
        Assert.Equal(512, defaults.MaxNewTokens);
        Assert.Equal(1, defaults.Sampling.TopK);
        Assert.Equal(0.9f, defaults.Sampling.TopP);
        Assert.Equal(1.1f, defaults.Sampling.RepeatPenalty);
        Assert.Equal(5.0f, defaults.Sampling.MirostatTau);
        Assert.True(defaults.SkipSpecialToken);
        Assert.False(defaults.IsAsync);
        Assert.Null(defaults.ImageTags);
        Assert.Equal(new RkllmExtendParams { EmbedFlash = true, EnabledCpusNum = 4, EnabledCpusMask = 0xF0, NBatch = 1 }, defaults.Extend);
    }
}

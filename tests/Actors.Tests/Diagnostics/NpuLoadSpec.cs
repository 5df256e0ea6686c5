using Nano.Actors.Diagnostics;
using Nano.Actors.Diagnostics.Internal;

namespace Nano.Actors.Tests.Diagnostics;

/// <summary>
/// The RKNPU driver's load report as rknpu_load_show prints it ("NPU load: ", then " Core%d: " and "%2.d%%," per core
/// on multi-core NPUs; one "%2.d%%" on single-core ones), e.g. an idle RK3588: "NPU load:  Core0:  0%, Core1:  0%, Core2:  0%,".
/// </summary>
public sealed class NpuLoadSpec
{
    [Fact]
    public void An_idle_rk3588_reports_three_cores_at_zero()
    {
        Parses("NPU load:  Core0:  0%, Core1:  0%, Core2:  0%,\n", new("0", 0), new("1", 0), new("2", 0));
    }

    [Fact]
    public void A_busy_rk3588_reports_each_core_including_a_full_one()
    {
        Parses("NPU load:  Core0: 37%, Core1:  5%, Core2:100%,\n", new("0", 37), new("1", 5), new("2", 100));
    }

    [Fact]
    public void An_rk3576_reports_two_cores()
    {
        Parses("NPU load:  Core0: 12%, Core1: 64%,\n", new("0", 12), new("1", 64));
    }

    [Theory]
    [InlineData("NPU load:  7%\n", 7)]
    [InlineData("NPU load: 85%\n", 85)]
    public void A_single_core_npu_reports_one_figure_for_all(string report, double percent)
    {
        Parses(report, new NpuCoreLoad("all", percent));
    }

    [Theory]
    [InlineData("")]
    [InlineData("RKNPU driver: v0.9.8\n")]
    [InlineData("NPU load: \n")]
    public void Text_that_is_not_a_load_report_parses_to_nothing(string text)
    {
        Assert.Null(NpuLoad.Parse(text));
    }

    private static void Parses(string report, params NpuCoreLoad[] expected) =>
        Assert.Equal(expected, NpuLoad.Parse(report) ?? throw new Xunit.Sdk.XunitException($"not parsed as a load report: {report}"));
}

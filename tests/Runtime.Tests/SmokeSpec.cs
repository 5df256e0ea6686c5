namespace Nano.Runtime.Tests;

public class SmokeSpec
{
    [Fact]
    public void Runtime_info_marks_simulated_runs()
    {
        var info = new RuntimeInfo(RuntimeKind.Simulated, RkllmAbi.V1_3, "sim", "managed", false);
        Assert.True(info.IsSimulated);
        Assert.Contains("SIMULATED", info.ToString());
    }
}

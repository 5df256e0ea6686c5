using Nano.Runtime.Diagnostics;

namespace Nano.Runtime.Tests.Diagnostics;

public class BoardDoctorSpec
{
    private static IReadOnlyList<DoctorCheck> Run(FakeBoard board, DoctorInputs inputs) => new BoardDoctor(new BoardProbe(board.Root)).Run(inputs);

    [Fact]
    public void A_healthy_rk3588_board_passes_with_driver_library_and_model()
    {
        using var board = new FakeBoard().Rockchip().Driver().Device().Memory(8000);
        var lib = board.Library("usr/lib/librkllmrt.so", "rkllm-runtime version: 1.3.0");
        var model = board.File("models/qwen.rkllm", new byte[1024]);

        var checks = Run(board, new DoctorInputs { Libraries = [new(lib, RkllmAbi.V1_3)], Models = [new("qwen", model, RuntimeKind.Native, 1700)] });

        Assert.False(BoardDoctor.HasProblems(checks), string.Join("\n", checks));
        Assert.Contains(checks, c => c.Area == "board" && c.Detail == "rk3588");
        Assert.Contains(checks, c => c.Area == "npu" && c.Item == "driver" && c.Detail.Contains("v0.9.8"));
        Assert.Contains(checks, c => c.Area == "runtime" && c.Status == DoctorStatus.Ok && c.Detail.Contains("1.3.0"));
    }

    [Fact]
    public void A_library_of_the_other_abi_generation_is_a_problem()
    {
        using var board = new FakeBoard().Rockchip().Driver().Device().Memory(8000);
        var lib = board.Library("usr/lib/librkllmrt.so", "rkllm-runtime version: 1.2.3");

        var checks = Run(board, new DoctorInputs { Libraries = [new(lib, RkllmAbi.V1_3)] });

        var runtime = Assert.Single(checks, c => c.Area == "runtime");
        Assert.Equal(DoctorStatus.Fail, runtime.Status);
        Assert.Contains("1.2.3", runtime.Detail);
    }

    [Fact]
    public void Missing_model_files_driver_nodes_and_memory_are_each_reported()
    {
        using var board = new FakeBoard().Rockchip("rk3576").Memory(1000);

        var checks = Run(board, new DoctorInputs { Models = [new("big", "/nonexistent/model.rkllm", RuntimeKind.Native, 4000)] });

        Assert.True(BoardDoctor.HasProblems(checks));
        Assert.Contains(checks, c => c.Area == "model" && c.Status == DoctorStatus.Fail && c.Detail.Contains("/nonexistent/model.rkllm"));
        Assert.Contains(checks, c => c.Area == "npu" && c.Item == "device" && c.Status == DoctorStatus.Fail);
        Assert.Contains(checks, c => c.Area == "npu" && c.Item == "driver" && c.Status == DoctorStatus.Warn);
        Assert.Contains(checks, c => c.Area == "memory" && c.Status == DoctorStatus.Fail && c.Detail.Contains("4000"));
    }

    [Fact]
    public void A_non_rockchip_machine_says_so_and_names_the_fallback()
    {
        using var board = new FakeBoard().Memory(8000);

        var checks = Run(board, new DoctorInputs());

        var soc = Assert.Single(checks, c => c.Area == "board");
        Assert.Equal(DoctorStatus.Info, soc.Status);
        Assert.Contains("not a Rockchip board", soc.Detail);
        Assert.Contains("simulated NPU", soc.Detail);
        Assert.False(BoardDoctor.HasProblems(checks));
    }

    [Fact]
    public void Native_models_on_a_non_rockchip_machine_fail()
    {
        using var board = new FakeBoard().Memory(8000);
        var model = board.File("m.rkllm", new byte[16]);

        var checks = Run(board, new DoctorInputs { Models = [new("m", model, RuntimeKind.Native)] });

        Assert.Contains(checks, c => c.Area == "board" && c.Status == DoctorStatus.Fail);
    }

    [Fact]
    public void The_doctor_command_exits_non_zero_on_problems_and_zero_otherwise()
    {
        using var board = new FakeBoard().Memory(8000);
        var output = new StringWriter();
        var config = new System.CommandLine.InvocationConfiguration { Output = output };

        Assert.Equal(0, Nano.NodeHost.Cli.NanoCli.Build().Parse(["doctor", "--fs-root", board.Root]).Invoke(config));
        Assert.Contains("doctor: no problems found", output.ToString());
        Assert.Equal(1, Nano.NodeHost.Cli.NanoCli.Build().Parse(["doctor", "--fs-root", board.Root, "--model", "/nonexistent.rkllm"]).Invoke(config));
        Assert.Contains("/nonexistent.rkllm does not exist", output.ToString());
    }
}

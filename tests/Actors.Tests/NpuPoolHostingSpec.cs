using Akka.Hosting;
using Nano.Actors.Configuration;
using Nano.Actors.Hosting;
using Nano.Actors.Protocol;
using Nano.Actors.Tests.Fakes;

namespace Nano.Actors.Tests;

/// <summary>The module's front door, wired through Akka.Hosting as NodeHost does.</summary>
public sealed class NpuPoolHostingSpec(ITestOutputHelper output) : Akka.Hosting.TestKit.TestKit(output: output)
{
    private readonly FakeRuntimes _runtimes = new();
    private readonly FakeRuntime _runtime = new("qwen") { TokensPerRun = 4 };

    protected override void ConfigureAkka(AkkaConfigurationBuilder builder, IServiceProvider provider)
    {
        var model = _runtimes.Model("qwen", _runtime);
        builder.WithNpuPool(new NpuPoolOptions(new PoolSettings { MaxHandles = 3 }, [model], _runtimes.Provider, "hosted-node"));
    }

    [Fact]
    public async Task WithNpuPool_registers_a_pool_that_serves_requests_on_pinned_handles()
    {
        var pool = await ActorRegistry.GetAsync<NpuPool>();
        var probe = CreateTestProbe();

        pool.Tell(new GenerateRequest { RequestId = "r1", ModelId = "qwen", Input = new Runtime.RkllmPromptInput("hi"), ReplyTo = probe.Ref });

        var completed = (Completed)await probe.FishForMessageAsync(m => m is Completed, TimeSpan.FromSeconds(10));
        Assert.Equal(("hosted-node", "qwen"), (completed.Origin.Node, completed.Origin.ModelId));
        Assert.False(_runtime.Runs.Single().IsThreadPoolThread);
        var status = await pool.Ask<PoolSnapshot>(GetPoolStatus.Instance, TimeSpan.FromSeconds(10));
        Assert.Equal(("hosted-node", 3), (status.Node, status.MaxHandles));
    }

    [Fact]
    public void WithNpuPool_adds_the_module_defaults_to_the_actor_system_config()
    {
        var config = Sys.Settings.Config;

        Assert.Equal("PinnedDispatcher", config.GetString("nano.handle-dispatcher.type"));
        Assert.Equal(PoolSettings.FromConfig(config), new PoolSettings());
    }
}

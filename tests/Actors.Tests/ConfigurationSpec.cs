using Akka.Configuration;
using Nano.Actors.Configuration;

namespace Nano.Actors.Tests;

public sealed class ConfigurationSpec
{
    [Fact]
    public void The_embedded_hocon_defaults_match_the_settings_record()
    {
        Assert.Equal(new PoolSettings(), PoolSettings.FromConfig(NanoActorsConfig.Default));
    }

    [Fact]
    public void Pool_settings_read_overrides_and_fall_back_to_defaults_for_the_rest()
    {
        var config = ConfigurationFactory.ParseString("""
            nano.pool {
              max-handles = 2
              request-timeout = 5s
              scale-up-after-wait = 250ms
              isolation { hang-timeout = 2s, rss-limit-mb = 300 }
            }
            """);

        var settings = PoolSettings.FromConfig(config);

        Assert.Equal(new PoolSettings
        {
            MaxHandles = 2,
            RequestTimeout = TimeSpan.FromSeconds(5),
            ScaleUpAfterWait = TimeSpan.FromMilliseconds(250),
            Isolation = new IsolationSettings { HangTimeout = TimeSpan.FromSeconds(2), RssLimitMb = 300 },
        }, settings);
    }
}

using Nano.Simulation;
using Nano.Simulation.Internal;

namespace Nano.Cluster.Tests;

public sealed class PercentileSpec
{
    [Fact]
    public void Percentiles_are_the_nearest_rank_of_the_sorted_samples()
    {
        var hundred = Enumerable.Range(1, 100).Select(i => (double)i).Reverse().ToArray();

        var summary = Percentile.Summary(hundred)!;

        Assert.Equal((50, 90, 99, 100, 100), (summary.P50, summary.P90, summary.P99, summary.Max, summary.Count));
        Assert.Equal(2, Percentile.Of([1, 2, 3, 4], 50));
        Assert.Null(Percentile.Summary([]));
    }

    [Theory]
    [InlineData("32-256", 32, 256)]
    [InlineData("64", 64, 64)]
    [InlineData(" 8 - 16 ", 8, 16)]
    public void Token_ranges_parse_from_min_dash_max_or_one_number(string text, int min, int max) =>
        Assert.Equal(new IntRange(min, max), IntRange.Parse(text));

    [Theory]
    [InlineData("0-5")]
    [InlineData("9-3")]
    [InlineData("a-b")]
    [InlineData("-5")]
    public void Token_ranges_that_are_empty_or_not_positive_are_refused(string text) =>
        Assert.Throws<FormatException>(() => IntRange.Parse(text));
}

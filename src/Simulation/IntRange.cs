using System.Globalization;

namespace Nano.Simulation;

/// <summary>An inclusive range of whole numbers (prompt or output tokens), sampled uniformly.</summary>
public readonly record struct IntRange
{
    public IntRange(int min, int max)
    {
        if (min < 1 || max < min) throw new ArgumentOutOfRangeException(nameof(max), $"expected 1 <= min <= max, got {min}-{max}");
        (Min, Max) = (min, max);
    }

    public int Min { get; }
    public int Max { get; }

    public static IntRange Fixed(int value) => new(value, value);

    public int Sample(Random random) => random.Next(Min, Max + 1);

    /// <summary>"32-256" or one number ("64" = always 64).</summary>
    /// <exception cref="FormatException">not a range of positive whole numbers.</exception>
    public static IntRange Parse(string text)
    {
        var parts = text.Split('-', StringSplitOptions.TrimEntries);
        if (parts.Length is 1 or 2 && parts.All(p => int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out _)))
        {
            var min = int.Parse(parts[0], CultureInfo.InvariantCulture);
            var max = int.Parse(parts[^1], CultureInfo.InvariantCulture);
            if (min >= 1 && max >= min) return new IntRange(min, max);
        }
        throw new FormatException($"'{text}' is not a range MIN-MAX (or one number) of whole numbers >= 1 with MIN <= MAX");
    }

    public override string ToString() => Min == Max ? Min.ToString(CultureInfo.InvariantCulture) : $"{Min}-{Max}";
}

namespace Nano.Runtime.Sim.Internal;

/// <summary>
/// The simulated vocabulary: 62 lorem-ipsum words (" lorem" etc., with the leading space a real tokenizer keeps),
/// a comma and a period. Token ids are fixed, so a token id always has the same text; the one exception is
/// <see cref="ScriptedId"/>, the id of every piece of a simulated tool call (<see cref="SimToolCall"/>).
/// </summary>
internal static class SimText
{
    private static readonly string[] Words =
    [
        "lorem", "ipsum", "dolor", "sit", "amet", "consectetur", "adipiscing", "elit", "sed", "do", "eiusmod",
        "tempor", "incididunt", "ut", "labore", "et", "dolore", "magna", "aliqua", "enim", "ad", "minim", "veniam",
        "quis", "nostrud", "exercitation", "ullamco", "laboris", "nisi", "aliquip", "ex", "ea", "commodo",
        "consequat", "duis", "aute", "irure", "in", "reprehenderit", "voluptate", "velit", "esse", "cillum",
        "fugiat", "nulla", "pariatur", "excepteur", "sint", "occaecat", "cupidatat", "non", "proident", "sunt",
        "culpa", "qui", "officia", "deserunt", "mollit", "anim", "id", "est", "laborum",
    ];

    public static readonly int WordCount = Words.Length;
    public static readonly int CommaId = WordCount;
    public static readonly int PeriodId = WordCount + 1;
    public static readonly int VocabSize = WordCount + 2;

    /// <summary>Just past the lorem vocabulary: it has no JSON, so scripted pieces share one id of their own.</summary>
    public static readonly int ScriptedId = VocabSize;

    public static string TokenText(int id) =>
        id == CommaId ? "," : id == PeriodId ? "." : " " + Words[id];
}

/// <summary>One generated token as the result callback reports it.</summary>
internal readonly record struct SimToken(int Id, string Text);

/// <summary>
/// The deterministic token stream of one run: sentences of 5 to 12 words, an occasional comma, then a period.
/// Seeded from (runtime seed, input), so the same input on the same seed always yields the same answer.
/// </summary>
internal sealed class SimTextStream(ulong seed)
{
    private SimRandom random = new(seed);
    private int sentenceLength;
    private int wordsInSentence;
    private bool lastWasComma;

    public int Next()
    {
        if (sentenceLength == 0) sentenceLength = 5 + random.Next(8);
        if (wordsInSentence >= sentenceLength)
        {
            sentenceLength = wordsInSentence = 0;
            lastWasComma = false;
            return SimText.PeriodId;
        }
        if (wordsInSentence >= 2 && wordsInSentence < sentenceLength - 1 && !lastWasComma && random.Next(8) == 0)
        {
            lastWasComma = true;
            return SimText.CommaId;
        }
        lastWasComma = false;
        wordsInSentence++;
        return random.Next(SimText.WordCount);
    }
}

namespace Nano.Runtime.Sim.Internal;

/// <summary>Deterministic stand-ins for the last hidden layer and the logits, derived from the run's input hash.</summary>
internal static class SimTensors
{
    public static RkllmHiddenLayer HiddenLayer(ulong inputHash, int numTokens, int embdSize)
    {
        var random = new SimRandom(inputHash ^ 0x48494444454EUL);
        var values = new float[numTokens * embdSize];
        for (var i = 0; i < values.Length; i++) values[i] = random.NextSigned();
        return new RkllmHiddenLayer(values, embdSize, numTokens);
    }

    /// <summary>Logits of the last prompt position; the token generate mode would emit first gets the highest value.</summary>
    public static RkllmLogits Logits(ulong inputHash, int vocabSize)
    {
        var random = new SimRandom(inputHash ^ 0x4C4F47495453UL);
        var values = new float[vocabSize];
        for (var i = 0; i < values.Length; i++) values[i] = random.NextSigned();
        values[new SimTextStream(inputHash).Next()] = 4.0f;
        return new RkllmLogits(values, vocabSize, 1);
    }
}

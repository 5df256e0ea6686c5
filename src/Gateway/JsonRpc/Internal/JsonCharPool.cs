using System.Buffers;
using Newtonsoft.Json;

namespace Nano.Gateway.JsonRpc.Internal;

/// <summary>
/// Newtonsoft's readers and writers take their character buffers (read buffer, escaping and number formatting
/// scratch) from here instead of allocating them per frame.
/// </summary>
internal sealed class JsonCharPool : IArrayPool<char>
{
    public static readonly JsonCharPool Instance = new();

    public char[] Rent(int minimumLength) => ArrayPool<char>.Shared.Rent(minimumLength);

    public void Return(char[]? array)
    {
        if (array is not null) ArrayPool<char>.Shared.Return(array);
    }
}

using System.Buffers;

namespace Nano.LoadGen.Internal.Clients;

/// <summary>Growing and returning the pooled receive buffers of the clients.</summary>
internal static class PooledBytes
{
    /// <summary>Replaces the buffer by one twice its size holding its first <paramref name="used"/> bytes.</summary>
    public static void Grow(ref byte[] buffer, int used)
    {
        var bigger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
        buffer.AsSpan(0, used).CopyTo(bigger);
        ArrayPool<byte>.Shared.Return(buffer);
        buffer = bigger;
    }

    /// <summary>Returns the buffer once, however often it is called.</summary>
    public static void Return(ref byte[] buffer)
    {
        var returned = Interlocked.Exchange(ref buffer, []);
        if (returned.Length > 0) ArrayPool<byte>.Shared.Return(returned);
    }
}

using System.Runtime.InteropServices;
using System.Text;

namespace Nano.Runtime.Native.Internal;

/// <summary>
/// Unmanaged memory and pinned arrays handed to the runtime, freed together. Owners keep an instance alive for as
/// long as the runtime may read the pointers (a run, an init, a cross-attn setting). Not thread-safe while filling;
/// Dispose is idempotent and may come from any thread.
/// </summary>
internal sealed unsafe class NativeAllocations : IDisposable
{
    private readonly List<nint> _memory = [];
    private readonly List<GCHandle> _pins = [];
    private int _disposed;

    /// <summary>A NUL-terminated UTF-8 copy of the string, or 0 for null.</summary>
    public nint Utf8(string? value)
    {
        if (value is null) return 0;
        var length = Encoding.UTF8.GetByteCount(value);
        var buffer = (byte*)Track(NativeMemory.Alloc((nuint)length + 1));
        Encoding.UTF8.GetBytes(value, new Span<byte>(buffer, length));
        buffer[length] = 0;
        return (nint)buffer;
    }

    /// <summary>A zeroed unmanaged T the caller fills in.</summary>
    public T* Alloc<T>() where T : unmanaged => (T*)Track(NativeMemory.AllocZeroed((nuint)sizeof(T)));

    /// <summary>Pins the array until Dispose; 0 for null or empty arrays.</summary>
    public nint Pin(Array? array)
    {
        if (array is null || array.Length == 0) return 0;
        var pin = GCHandle.Alloc(array, GCHandleType.Pinned);
        _pins.Add(pin);
        return pin.AddrOfPinnedObject();
    }

    private void* Track(void* pointer)
    {
        _memory.Add((nint)pointer);
        return pointer;
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        foreach (var pointer in _memory) NativeMemory.Free((void*)pointer);
        foreach (var pin in _pins) pin.Free();
        _memory.Clear();
        _pins.Clear();
    }
}

using System.Text;

namespace Nano.Runtime.Tests.Diagnostics;

/// <summary>A temporary file-system tree that looks like a Rockchip board (or a plain PC) to BoardProbe.</summary>
internal sealed class FakeBoard : IDisposable
{
    public string Root { get; } = Directory.CreateTempSubdirectory("nano-board-").FullName;

    public FakeBoard Rockchip(string soc = "rk3588")
    {
        Write("proc/device-tree/compatible", $"rockchip,{soc}-evb1-lp4-v10\0rockchip,{soc}\0");
        return this;
    }

    public FakeBoard Driver(string version = "RKNPU driver: v0.9.8")
    {
        Write("sys/kernel/debug/rknpu/version", version + "\n");
        return this;
    }

    public FakeBoard Device() { Write("dev/rknpu", ""); return this; }

    public FakeBoard Memory(long availableMb)
    {
        Write("proc/meminfo", $"MemTotal:       16000000 kB\nMemAvailable:   {availableMb * 1024} kB\n");
        return this;
    }

    public string File(string relative, byte[] content)
    {
        var path = Path.Combine(Root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        System.IO.File.WriteAllBytes(path, content);
        return path;
    }

    /// <summary>An ELF header for this machine's architecture followed by an embedded runtime version string.</summary>
    public string Library(string relative, string versionText)
    {
        var header = new byte[64];
        header[0] = 0x7F; header[1] = (byte)'E'; header[2] = (byte)'L'; header[3] = (byte)'F';
        BitConverter.GetBytes((ushort)(System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture == System.Runtime.InteropServices.Architecture.Arm64 ? 0xB7 : 0x3E)).CopyTo(header, 18);
        return File(relative, [.. header, .. Encoding.ASCII.GetBytes($"\0{versionText}\0")]);
    }

    private void Write(string relative, string text) => File(relative, Encoding.ASCII.GetBytes(text));

    public void Dispose() => Directory.Delete(Root, recursive: true);
}

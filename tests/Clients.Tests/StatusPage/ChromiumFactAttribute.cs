namespace Nano.Clients.Tests.StatusPage;

/// <summary>A test that drives the Debian chromium (installed by .ci/run); skipped, saying why, where it is missing.</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public const string Executable = "/usr/bin/chromium";

    public ChromiumFactAttribute()
    {
        if (!File.Exists(Executable))
            Skip = $"{Executable} is not installed (apt-get install -y chromium; .ci/run installs it)";
    }
}

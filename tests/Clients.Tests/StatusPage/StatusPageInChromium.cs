using System.Text.RegularExpressions;
using Microsoft.Playwright;
using ModelContextProtocol.Client;
using Nano.Clients.Tests.Hosting;
using Nano.Clients.Tests.Scenario;
using Newtonsoft.Json.Linq;
using Xunit.Abstractions;

namespace Nano.Clients.Tests.StatusPage;

/// <summary>
/// The status page in a real headless Chromium (the Debian package, driven by Playwright for .NET without its own
/// browser download) against a real NodeHost: it shows the board and models, and follows a model load live.
/// </summary>
public sealed class StatusPageInChromium(NodeFixture node, ITestOutputHelper output) : IClassFixture<NodeFixture>
{
    private const string Model = NanoTools.FastModel;
    private static readonly TimeSpan PageBound = TimeSpan.FromSeconds(30);

    [ChromiumFact]
    public async Task The_page_shows_the_board_and_follows_a_model_load_without_reloading()
    {
        var origin = new Uri($"http://{node.Node.Endpoint("http")}");
        var before = await StatusJsonAsync(origin);
        var board = (string)before["boards"]![0]!["node"]!;
        Assert.NotEqual("Ready", (string?)ModelOf(before)["state"]);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumFactAttribute.Executable,
            Headless = true,
            Args = ["--no-sandbox"],
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1200, Height = 900 } });
        page.SetDefaultTimeout((float)PageBound.TotalMilliseconds);
        await page.GotoAsync(new Uri(origin, "/").ToString());
        // Set once; still there at the end means the page updated in place rather than reloading.
        await page.EvaluateAsync("() => { window.nanoMarker = 'first-load'; }");

        var card = page.Locator($"[data-board=\"{board}\"]");
        await Assertions.Expect(card).ToBeVisibleAsync();
        // The board's host load: CPU and RAM from /proc, NPU from the rknpu load file or said to be unavailable.
        Assert.Equal(JTokenType.Object, before["boards"]![0]!["host"]!.Type);
        await Assertions.Expect(card.Locator(".host-npu")).ToHaveTextAsync(new Regex(@"^(NPU load unavailable|NPU .*\d+%)$"));
        if (OperatingSystem.IsLinux())
        {
            await Assertions.Expect(card.Locator(".host-cpu")).ToHaveTextAsync(new Regex(@"^CPU load \d+\.\d\d per core$"));
            await Assertions.Expect(card.Locator(".host-ram")).ToHaveTextAsync(new Regex(@"^RAM [\d.]+ / [\d.]+ GiB$"));
        }
        var row = page.Locator($"#models tr[data-model=\"{Model}\"]");
        await Assertions.Expect(row).ToBeVisibleAsync();
        await Assertions.Expect(row).ToContainTextAsync("SIMULATED");

        await using var client = await McpClient.CreateAsync(new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = node.Http,
            TransportMode = HttpTransportMode.StreamableHttp,
        }));
        var load = await client.CallToolAsync("load_model", new Dictionary<string, object?> { ["model"] = Model }).AsTask().WaitAsync(Bounds.Call);
        Assert.True(load.IsError is not true, $"load_model failed\n{node.Log}");
        await Assertions.Expect(page.Locator($"#models tr[data-model=\"{Model}\"][data-state=\"Ready\"]")).ToBeVisibleAsync();

        // A generation shows up in the activity totals (fed from the gateway's request path).
        var generate = await client.CallToolAsync(NanoTools.Generate, NanoTools.GenerateArguments(Model, "hello", NanoTools.ShortMaxTokens))
            .AsTask().WaitAsync(Bounds.Call);
        Assert.True(generate.IsError is not true, $"generate failed\n{node.Log}");
        await Assertions.Expect(page.Locator("#totals")).ToContainTextAsync("1 completed");

        Assert.Equal("first-load", await page.EvaluateAsync<string>("() => window.nanoMarker"));
        var screenshot = Path.Combine(AppContext.BaseDirectory, "TestResults", "status-page.png");
        Directory.CreateDirectory(Path.GetDirectoryName(screenshot)!);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true });
        output.WriteLine($"status page screenshot: {screenshot}");
        Assert.True(new FileInfo(screenshot).Length > 0);
    }

    private JObject ModelOf(JObject status) =>
        (JObject)status["models"]!.First(m => (string?)m["model"] == Model);

    private async Task<JObject> StatusJsonAsync(Uri origin)
    {
        using var http = new HttpClient { Timeout = PageBound };
        var response = await http.GetAsync(new Uri(origin, "/status.json"));
        Assert.True(response.IsSuccessStatusCode, $"/status.json answered {response.StatusCode}\n{node.Log}");
        return JObject.Parse(await response.Content.ReadAsStringAsync());
    }
}

using McpClient = Nano.Gateway.Tests.Http.McpClient;
using System.Net;
using Nano.Gateway.Observability;

namespace Nano.Gateway.Tests.Observability;

/// <summary>/metrics after real traffic: MCP generate calls over HTTP against the pool on the simulated NPU.</summary>
public class MetricsSpec(ITestOutputHelper output) : ObservabilitySpecBase(output)
{
    private static readonly (string, string) Model = ("model", "tiny");
    private static readonly (string, string) OnNode = ("node", Node);

    [Fact]
    public async Task Counters_and_histograms_move_with_generate_traffic()
    {
        await StartAsync();
        await GenerateAsync(0);
        var before = await ScrapeAsync();
        await GenerateAsync(1);
        await GenerateAsync(2);
        var after = await ScrapeAsync();
        Output!.WriteLine(after.Text);

        Moved(before, after, "nano_requests_total", 2, ("transport", "http"), ("operation", "generate"), ("outcome", "ok"));
        Moved(before, after, "nano_request_duration_seconds_count", 2, ("transport", "http"), ("operation", "generate"));
        Moved(before, after, "nano_queue_wait_seconds_count", 2, OnNode, Model);
        Moved(before, after, "nano_time_to_first_token_seconds_count", 2, OnNode, Model);
        Moved(before, after, "nano_generation_duration_seconds_count", 2, OnNode, Model, ("outcome", "completed"));
        Moved(before, after, "nano_tokens_generated_total", 2 * 4, OnNode, Model);
        Assert.True(after.Value("nano_tokens_per_second_count", OnNode, Model) >= 1);
        Assert.True(after.Value("nano_generation_duration_seconds_sum", OnNode, Model) > 0);

        Assert.Equal(1, after.Value("nano_cluster_members", ("status", "Up")));
        Assert.Equal(1, after.Value("nano_live_handles", OnNode));
        Assert.Equal(700, after.Value("nano_handle_memory_megabytes", OnNode, Model));
        Assert.Equal(0, after.Value("nano_queue_depth", OnNode, Model));
        Assert.Equal(1, after.Value("nano_model_state", OnNode, Model, ("state", "ready")));
        Assert.Equal(1, after.Value("nano_status_up"));
    }

    [Fact]
    public async Task Errors_are_counted_by_code_and_model()
    {
        await StartAsync();
        var before = await ScrapeAsync();
        using (var response = await PostAsync(GenerateCall(7, "no-such-model", 2))) Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var after = await ScrapeAsync();
        Moved(before, after, "nano_errors_total", 1, OnNode, ("model", "no-such-model"), ("code", "model_not_found"));
        Moved(before, after, "nano_requests_total", 1, ("transport", "http"), ("operation", "generate"), ("outcome", "model_not_found"));
    }

    [Fact]
    public async Task Npu_load_comes_from_the_rknpu_load_file_or_is_marked_unavailable()
    {
        await StartAsync();
        var missing = await ScrapeAsync();
        Assert.True(missing.Has("nano_host_npu_load_available", OnNode), "no NPU availability for the node");
        Assert.Equal(0, missing.Value("nano_host_npu_load_available", OnNode));
        Assert.False(missing.Has("nano_host_npu_load_percent"));

        await File.WriteAllTextAsync(NpuLoadFile, "NPU load:  Core0: 12%, Core1:  0%, Core2: 57%,\n");
        var present = await ScrapeAsync();
        Assert.Equal(1, present.Value("nano_host_npu_load_available", OnNode));
        Assert.Equal(12, present.Value("nano_host_npu_load_percent", OnNode, ("core", "0")));
        Assert.Equal(57, present.Value("nano_host_npu_load_percent", OnNode, ("core", "2")));
        Assert.True(present.Value("nano_process_resident_bytes", OnNode) > 0);
        if (OperatingSystem.IsLinux())
        {
            Assert.True(present.Value("nano_host_memory_total_bytes", OnNode) > 0);
            Assert.True(present.Has("nano_host_cpu_load", OnNode));
        }
    }

    [Fact]
    public async Task Gateway_requests_recorded_through_the_public_api_reach_the_scrape()
    {
        await StartAsync();
        var before = await ScrapeAsync();
        NanoMetrics.RecordRequest("openai", "chat_completions", NanoMetrics.Ok, 0.25);
        var after = await ScrapeAsync();
        Moved(before, after, "nano_requests_total", 1, ("transport", "openai"), ("operation", "chat_completions"), ("outcome", "ok"));
    }

    private static void Moved(PrometheusText before, PrometheusText after, string name, double atLeast, params (string, string)[] labels)
    {
        Assert.True(after.Has(name, labels), $"{name} {string.Join(",", labels)} is not in the scrape");
        var delta = after.Value(name, labels) - before.Value(name, labels);
        Assert.True(delta >= atLeast, $"{name} {string.Join(",", labels)} moved by {delta}, expected at least {atLeast}");
    }

    private async Task GenerateAsync(int id)
    {
        using var response = await PostAsync(GenerateCall(id, "tiny", 4));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = JObject.Parse(await response.Content.ReadAsStringAsync());
        Assert.Null(answer["error"]);
        Assert.NotEqual(true, (bool?)answer["result"]!["isError"]);
    }

    private Task<HttpResponseMessage> PostAsync(JObject request)
        => Mcp.PostModernAsync(request);

    /// <summary>A stateless (2026-07-28) tools/call generate: one JSON answer, no session.</summary>
    private static JObject GenerateCall(int id, string model, int maxTokens) => McpClient.ModernRequest(id, "tools/call", new JObject
    {
        ["name"] = "generate",
        ["arguments"] = new JObject { ["model"] = model, ["prompt"] = "hello", ["max_tokens"] = maxTokens },
    });
}

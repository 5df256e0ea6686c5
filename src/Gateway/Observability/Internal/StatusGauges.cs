using Nano.Actors.Cluster;
using Nano.Actors.Protocol;
using Prometheus;

namespace Nano.Gateway.Observability.Internal;

/// <summary>
/// Gauges refreshed on each scrape from the router's <see cref="ClusterStatus"/> (every board's last pool report in
/// cluster mode, the local pool standalone) and from the board this node runs on (/proc, the RKNPU load file).
/// </summary>
internal sealed class StatusGauges
{
    private readonly Gauge _statusOk;
    private readonly LabelledGauge _members;
    private readonly LabelledGauge _queueDepth;
    private readonly LabelledGauge _liveHandles;
    private readonly LabelledGauge _maxHandles;
    private readonly LabelledGauge _poolMemory;
    private readonly LabelledGauge _poolBudget;
    private readonly LabelledGauge _handleMemory;
    private readonly LabelledGauge _modelState;
    private readonly Gauge _cpuLoad;
    private readonly Gauge _memTotal;
    private readonly Gauge _memAvailable;
    private readonly Gauge _npuAvailable;
    private readonly LabelledGauge _npuLoad;

    public StatusGauges(IMetricFactory metrics)
    {
        _statusOk = metrics.CreateGauge("nano_status_up", "1 when the model router answered the status query of this scrape, else 0.");
        _members = new(metrics.CreateGauge("nano_cluster_members", "Cluster members by status (standalone: one member, Up).", ["status"]));
        _queueDepth = new(metrics.CreateGauge("nano_queue_depth", "Requests waiting in a model's queue.", ["node", "model"]));
        _liveHandles = new(metrics.CreateGauge("nano_live_handles", "Live RKLLM handles of a board's pool.", ["node"]));
        _maxHandles = new(metrics.CreateGauge("nano_max_handles", "Handle limit of a board's pool.", ["node"]));
        _poolMemory = new(metrics.CreateGauge("nano_board_memory_used_megabytes", "Memory reserved by a board's live handles.", ["node"]));
        _poolBudget = new(metrics.CreateGauge("nano_board_memory_budget_megabytes", "Memory budget of a board's pool.", ["node"]));
        _handleMemory = new(metrics.CreateGauge("nano_handle_memory_megabytes", "Memory held by one live handle.", ["node", "model", "handle"]));
        _modelState = new(metrics.CreateGauge("nano_model_state", "1 for a model's current state on a board.", ["node", "model", "state"]));
        _cpuLoad = metrics.CreateGauge("nano_host_cpu_load", "1-minute load average over the CPU count of the board serving this endpoint.");
        _memTotal = metrics.CreateGauge("nano_host_memory_total_bytes", "RAM of the board serving this endpoint (MemTotal).");
        _memAvailable = metrics.CreateGauge("nano_host_memory_available_bytes", "Available RAM of the board serving this endpoint (MemAvailable).");
        _npuAvailable = metrics.CreateGauge("nano_host_npu_load_available",
            "1 when the RKNPU load file (/sys/kernel/debug/rknpu/load) is readable, 0 when NPU load is unavailable.");
        _npuLoad = new(metrics.CreateGauge("nano_host_npu_load_percent", "NPU load per core from the RKNPU driver.", ["core"]));
    }

    public void Update(ClusterStatus? status, string npuLoadPath)
    {
        _statusOk.Set(status is null ? 0 : 1);
        if (status is not null) UpdateCluster(status);
        UpdateHost(npuLoadPath);
    }

    private void UpdateCluster(ClusterStatus status)
    {
        foreach (var board in status.Boards)
        {
            _members.Inc(1, board.Status);
            if (board.Pool is { } pool) UpdatePool(pool);
        }
        foreach (var gauge in (LabelledGauge[])[_members, _queueDepth, _liveHandles, _maxHandles, _poolMemory, _poolBudget, _handleMemory, _modelState])
            gauge.Commit();
    }

    private void UpdatePool(PoolSnapshot pool)
    {
        _liveHandles.Set(pool.LiveHandles, pool.Node);
        _maxHandles.Set(pool.MaxHandles, pool.Node);
        _poolMemory.Set(pool.UsedMemoryMb, pool.Node);
        _poolBudget.Set(pool.MemoryBudgetMb, pool.Node);
        foreach (var model in pool.Models)
        {
            _queueDepth.Set(model.QueueDepth, pool.Node, model.ModelId);
            _modelState.Set(1, pool.Node, model.ModelId, model.State.ToString().ToLowerInvariant());
            foreach (var handle in model.Handles)
                _handleMemory.Set(handle.MemoryMb, pool.Node, model.ModelId, handle.HandleId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    private void UpdateHost(string npuLoadPath)
    {
        if (HostLoad.CpuLoad() is { } cpu) _cpuLoad.Set(cpu);
        if (HostLoad.Memory() is { } memory)
        {
            _memTotal.Set(memory.Total);
            _memAvailable.Set(memory.Available);
        }
        var npu = NpuLoad.Read(npuLoadPath);
        _npuAvailable.Set(npu is null ? 0 : 1);
        foreach (var (core, percent) in npu ?? [])
            _npuLoad.Set(percent, core);
        _npuLoad.Commit();
    }
}

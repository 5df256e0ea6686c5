using Nano.Actors.Cluster;
using Nano.Actors.Protocol;
using Prometheus;

namespace Nano.Gateway.Observability.Internal;

/// <summary>
/// Gauges refreshed on each scrape from the router's <see cref="ClusterStatus"/> (every board's last pool report in
/// cluster mode, the local pool standalone), host load included (<see cref="HostGauges"/>). When the router does not
/// answer, only <c>nano_status_up</c> changes (to 0).
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
    private readonly HostGauges _host;

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
        _host = new HostGauges(metrics);
    }

    public void Update(ClusterStatus? status)
    {
        _statusOk.Set(status is null ? 0 : 1);
        if (status is not null) UpdateCluster(status);
    }

    private void UpdateCluster(ClusterStatus status)
    {
        foreach (var board in status.Boards)
        {
            _members.Inc(1, board.Status);
            if (board.Pool is { } pool) UpdatePool(pool);
            _host.Set(board.Node, board.Host);
        }
        foreach (var gauge in (LabelledGauge[])[_members, _queueDepth, _liveHandles, _maxHandles, _poolMemory, _poolBudget, _handleMemory, _modelState])
            gauge.Commit();
        _host.Commit();
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
}

// nano status page: renders /status.json documents pushed by /status/events (one a second).
"use strict";
(function () {
  const $ = (id) => document.getElementById(id);

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === "class") node.className = v; else node.setAttribute(k, v === true ? "" : String(v));
    }
    for (const c of children) if (c !== null && c !== undefined) node.append(c instanceof Node ? c : String(c));
    return node;
  }

  const simulatedTag = () => el("span", { class: "simulated", title: "simulated runtime: output and timings are not real" }, "SIMULATED");

  function bar(used, total) {
    const pct = total > 0 ? Math.min(100, Math.round(100 * used / total)) : 0;
    return el("div", { class: "bar", title: pct + "%" }, el("div", { style: "width:" + pct + "%" }));
  }

  const gib = (bytes) => (bytes / 1073741824).toFixed(1);

  // A board's CPU, RAM and NPU from its last report; a figure the board could not read is left out (NPU: said so).
  function hostLines(h) {
    if (!h) return [el("div", { class: "muted" }, "host load not reported yet")];
    const lines = [];
    if (h.cpu_load !== null && h.cpu_load !== undefined) {
      // A load, not a percentage: above 1.00 work is waiting for a core.
      lines.push(el("div", { class: "host-cpu", title: "1-minute load average over the CPU count: 1.00 means every core busy" },
        "CPU load " + h.cpu_load.toFixed(2) + " per core"), bar(h.cpu_load, 1));
    }
    if (h.memory_total_bytes) {
      const used = h.memory_total_bytes - h.memory_available_bytes;
      lines.push(el("div", { class: "host-ram" }, "RAM " + gib(used) + " / " + gib(h.memory_total_bytes) + " GiB"), bar(used, h.memory_total_bytes));
    }
    lines.push(h.npu_load_available
      ? el("div", { class: "host-npu" }, "NPU " + h.npu_cores.map((c) => (c.core === "all" ? "" : "core " + c.core + ": ") + c.percent + "%").join(" · "))
      : el("div", { class: "host-npu muted", title: "the rknpu debugfs load file is not readable on this board" }, "NPU load unavailable"));
    return lines;
  }

  function renderBoards(doc) {
    const cards = doc.boards.map((b) => {
      const models = doc.models.filter((m) => m.node === b.node);
      const simulated = models.some((m) => m.simulated);
      return el("div", { class: "card", "data-board": b.node },
        el("h3", {}, b.node, simulated ? simulatedTag() : null),
        el("div", { class: "muted" }, [b.status, b.board, (b.roles || []).join(",")].filter(Boolean).join(" · ")),
        ...hostLines(b.host),
        el("div", { title: "memory reserved by the live handles / the pool's budget" }, "NPU memory " + (b.used_memory_mb ?? b.reserved_memory_mb) + " / " + (b.memory_budget_mb ?? b.memory_mb) + " MB"),
        bar(b.used_memory_mb ?? b.reserved_memory_mb, b.memory_budget_mb ?? b.memory_mb),
        el("div", {}, "handles " + (b.live_handles ?? 0) + " / " + b.max_handles),
        bar(b.live_handles ?? 0, b.max_handles),
        el("div", {}, "queued " + (b.queue_depth ?? 0) + " · replicas " + b.placed_replicas));
    });
    $("boards").replaceChildren(...cards);
  }

  function renderModels(doc) {
    const rows = doc.models.map((m) => el("tr", { "data-model": m.model, "data-node": m.node, "data-state": m.state },
      el("td", {}, m.model, m.simulated ? simulatedTag() : null),
      el("td", {}, m.node),
      el("td", { class: "state-" + m.state, title: m.failure_reason }, m.state),
      el("td", {}, m.runtime),
      el("td", {}, m.handles.length ? "" : "–", ...m.handles.map((h) =>
        el("span", { class: "handle" + (h.busy ? " busy" : ""), title: "domain " + h.domain + (h.session ? ", session " + h.session : "") },
          "#" + h.handle + (h.busy ? " busy ×" + h.active_runs : "")))),
      el("td", {}, m.queue_depth),
      el("td", {}, m.memory_mb + " MB")));
    $("models").tBodies[0].replaceChildren(...rows);
  }

  function renderPlacements(doc) {
    const rows = doc.placements.map((p) => el("tr", { class: p.unplaced_reason ? "error" : null },
      el("td", {}, p.model), el("td", {}, p.replica), el("td", {}, p.node || "–"), el("td", {}, p.unplaced_reason || "")));
    $("placements").tBodies[0].replaceChildren(...rows);
  }

  // A polyline over the window; gaps (null) are drawn as zero for tokens and skipped for latency.
  function chart(svg, values, skipNulls) {
    const w = 300, h = 80, n = values.length;
    const max = Math.max(1, ...values.filter((v) => v !== null));
    const points = [];
    values.forEach((v, i) => {
      if (v === null && skipNulls) return;
      points.push((i * w / Math.max(1, n - 1)).toFixed(1) + "," + (h - 2 - (v || 0) * (h - 4) / max).toFixed(1));
    });
    const ns = "http://www.w3.org/2000/svg";
    const line = document.createElementNS(ns, "polyline");
    line.setAttribute("points", points.join(" "));
    const label = document.createElementNS(ns, "text");
    label.setAttribute("x", "2"); label.setAttribute("y", "10"); label.setAttribute("font-size", "9"); label.setAttribute("fill", "#6b7580");
    label.textContent = "max " + Math.round(max);
    // Dots too, so a lone sample (one run in the window) is visible.
    const dots = points.map((p) => {
      const [x, y] = p.split(",");
      const dot = document.createElementNS(ns, "circle");
      dot.setAttribute("cx", x); dot.setAttribute("cy", y); dot.setAttribute("r", "1.5"); dot.setAttribute("fill", "#1565c0");
      return dot;
    });
    svg.replaceChildren(line, ...(skipNulls ? dots : []), label);
  }

  function renderActivity(doc) {
    const a = doc.activity;
    const tps = a.tokens_per_second;
    const recent = tps.slice(-5);
    $("tps-now").textContent = "(last 5 s: " + (recent.reduce((s, v) => s + v, 0) / recent.length).toFixed(1) + ")";
    const latencies = a.latency_ms.filter((v) => v !== null);
    $("latency-now").textContent = latencies.length ? "(last: " + Math.round(latencies[latencies.length - 1]) + ")" : "";
    chart($("tps-chart"), tps, false);
    chart($("latency-chart"), a.latency_ms, true);
    const anySimulated = doc.models.some((m) => m.simulated);
    $("totals").textContent = a.completed + " completed · " + a.failed + " failed · " + a.rejected + " rejected · " + a.tokens + " tokens"
      + (anySimulated ? " · timings of SIMULATED models are not real" : "");
    $("errors").replaceChildren(...(a.recent_errors.length ? a.recent_errors.map((e) =>
      el("li", {}, new Date(e.at).toLocaleTimeString() + " " + e.model + " " + e.outcome + " " + (e.code || "") + ": " + (e.message || "")))
      : [el("li", { class: "muted", style: "color:inherit" }, "none")]));
  }

  function render(doc) {
    $("mode").textContent = doc.clustered ? "cluster" + (doc.leader ? " · leader " + doc.leader : "") : "standalone";
    $("updated").textContent = "updated " + new Date(doc.generated_at).toLocaleTimeString();
    $("error").hidden = !doc.error;
    $("error").textContent = doc.error || "";
    renderBoards(doc);
    renderModels(doc);
    renderPlacements(doc);
    renderActivity(doc);
  }

  function connected(live) {
    $("connection").textContent = live ? "live" : "reconnecting";
    $("connection").className = "tag " + (live ? "live" : "down");
  }

  // Server-sent events; EventSource reconnects by itself when the node comes back.
  const events = new EventSource("/status/events");
  events.addEventListener("status", (e) => { connected(true); render(JSON.parse(e.data)); });
  events.onerror = () => connected(false);
})();

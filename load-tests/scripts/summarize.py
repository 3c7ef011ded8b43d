#!/usr/bin/env python3
"""One JSON line for a load run (called by run.sh), and `summarize.py table results.jsonl` for the README tables
(medians over the runs of each size)."""
import json
import statistics
import sys
import importlib.util
import os

spec = importlib.util.spec_from_file_location("gs", os.path.join(os.path.dirname(__file__), "gatling-stats.py"))
gs = importlib.util.module_from_spec(spec)
spec.loader.exec_module(gs)


def redis(path):
    """The paced Redis GET baseline (redis_baseline.py's JSON), or None when it did not run."""
    try:
        return json.load(open(path))
    except Exception:
        return None


def errors(report):
    """The last '---- Errors ----' block of Gatling's console output (kept as console.log by run.sh)."""
    try:
        text = open(os.path.join(report, "console.log"), encoding="utf-8").read()
    except OSError:
        return []
    blocks = text.split("---- Errors ---")
    if len(blocks) < 2:
        return []
    out = []
    for line in blocks[-1].splitlines()[1:]:
        if not line.startswith("> "):
            break
        out.append(" ".join(line[2:].split()))
    return out


# The VM thread runs Parallel's and Serial's full collections (and Serial's young ones) besides its safepoint chores.
THREAD_GROUPS = [("jit", ("C1_Compil", "C2_Compil")), ("gc", ("GC_Thread", "G1_", "VM_Thread")),
                 ("eventLoops", ("vert.x-eventloo",)), ("cpuPool", ("concierge-cpu",)),
                 ("workers", ("executor-thread",))]


def thread_cpu(before, after, hz, turns):
    """The service's CPU per turn by thread group (JIT compilers, GC, event loops, CPU pool, workers, other), in ms."""
    def read(path):
        out = {}
        try:
            for line in open(path):
                tid, name, ticks = line.split()
                out[tid] = (name, int(ticks))
        except (OSError, ValueError):
            return None
        return out
    b, e = read(before), read(after)
    if b is None or e is None:
        return None
    groups = {}
    for tid, (name, ticks) in e.items():
        group = next((g for g, prefixes in THREAD_GROUPS if name.startswith(prefixes)), "other")
        # a thread started during the run counts whole; one that ended during it is missed
        groups[group] = groups.get(group, 0) + ticks - b.get(tid, (name, 0))[1]
    return {g: round(t / hz * 1000 / max(1, turns), 2) for g, t in sorted(groups.items())}


def stage_percentiles(before, after):
    """p50/p99 in ms of the service's own turn timers over the run (concierge_turn_seconds by act,
    concierge_turn_stage_seconds by stage), from the difference of their Prometheus histogram buckets."""
    def read(path):
        out = {}
        try:
            for line in open(path):
                if line.startswith(("concierge_turn_seconds_bucket", "concierge_turn_stage_seconds_bucket")):
                    series, value = line.rsplit(" ", 1)
                    name, labels = series.split("{", 1)
                    tags = dict(kv.split("=", 1) for kv in labels.rstrip("}").split(","))
                    le = tags.pop("le").strip('"')
                    key = name.replace("_bucket", "") + "{" + ",".join("%s=%s" % kv for kv in sorted(tags.items())) + "}"
                    out.setdefault(key, {})[float("inf") if le == "+Inf" else float(le)] = float(value)
        except OSError:
            return None
        return out
    b, e = read(before), read(after)
    if not b or not e:
        return None
    result = {}
    for key, buckets in e.items():
        les = sorted(buckets)
        counts = [buckets[le] - b.get(key, {}).get(le, 0) for le in les]   # cumulative counts over the run
        total = counts[-1]
        if total <= 0:
            continue
        q = lambda p: next(le for le, c in zip(les, counts) if c >= p * total) * 1000
        result[key.replace("concierge_turn_", "").replace("_seconds", "")] = {
            "n": int(total), "p50": round(q(0.5), 1), "p99": round(q(0.99), 1)}
    return result


# counters whose change over a run says the run exercised what it should: retrievals (users with instructions),
# picks the service dropped (the fake's recommendations should all be candidates), profile write conflicts
COUNTERS = ("concierge_retrieval_seconds_count", "concierge_llm_picks_dropped_total",
            "concierge_profile_write_conflicts_total")


def counter_deltas(before, after):
    """Change over the run of each series of COUNTERS (summed over their tags), from two /q/metrics scrapes."""
    def read(path):
        out = {}
        try:
            for line in open(path):
                if line.startswith(COUNTERS):
                    series, value = line.rsplit(" ", 1)
                    name = series.split("{", 1)[0]
                    out[name] = out.get(name, 0) + float(value)
        except OSError:
            return None
        return out
    b, e = read(before), read(after)
    if b is None or e is None:
        return None
    return {name.replace("concierge_", ""): int(e.get(name, 0) - b.get(name, 0)) for name in COUNTERS}


# Eden and the young and full collections by collector: G1 (what runs here), Parallel (the UBI OpenJDK image's default,
# run-java.sh) and Serial (the JVM's own choice under 1792 MB or one CPU).
EDEN = ('id="G1 Eden Space"', 'id="PS Eden Space"', 'id="Eden Space"')
YOUNG = ('gc="G1 Young Generation"', 'gc="PS Scavenge"', 'gc="Copy"')
OLD = ('gc="G1 Old Generation"', 'gc="PS MarkSweep"', 'gc="MarkSweepCompact"')


def young_gc(before, after, turns, wall):
    """What the run allocated per turn and how often young pauses came (and full ones, if any), from two /q/metrics
    scrapes. Micrometer adds eden's occupancy before each collection to jvm_gc_memory_allocated_bytes, so that counter
    plus eden's occupancy now is all that was allocated until now, not only until the last collection. The pause
    interval is what a turn's chance of waiting for one follows (load-tests/README.md, *Measured in session 26*)."""
    def read(path):
        out = {"allocated": 0.0, "eden": 0.0, "pauses": 0.0, "pauseS": 0.0, "full": 0.0, "fullS": 0.0}
        try:
            for line in open(path):
                series, _, value = line.rpartition(" ")
                if series == "jvm_gc_memory_allocated_bytes_total":
                    out["allocated"] = float(value)
                elif series.startswith("jvm_memory_used_bytes{") and any(e in series for e in EDEN):
                    out["eden"] = float(value)
                elif series.startswith("jvm_gc_pause_seconds_"):
                    kind = ("pause" if any(g in series for g in YOUNG)
                            else "full" if any(g in series for g in OLD) else None)
                    if kind and series.startswith("jvm_gc_pause_seconds_count{"):
                        out["pauses" if kind == "pause" else "full"] += float(value)
                    elif kind and series.startswith("jvm_gc_pause_seconds_sum{"):
                        out["pauseS" if kind == "pause" else "fullS"] += float(value)
        except OSError:
            return None
        return out
    b, e = read(before), read(after)
    if not b or not e or not turns:
        return None
    allocated = e["allocated"] + e["eden"] - b["allocated"] - b["eden"]
    pauses = int(e["pauses"] - b["pauses"])
    full = int(e["full"] - b["full"])
    out = {"allocKBPerTurn": round(allocated / 1024 / turns, 1), "youngPauses": pauses,
           "pauseMeanMs": round((e["pauseS"] - b["pauseS"]) * 1000 / pauses, 1) if pauses else None,
           "intervalS": round(wall / pauses, 1) if pauses and wall else None}
    if full:
        out.update(fullPauses=full, fullPauseMeanMs=round((e["fullS"] - b["fullS"]) * 1000 / full, 1))
    return out


def ws(a):
    report, users, think, rss0, peak, rss1, ticks, hz, fake, rb, load = a[:11]
    busy, wall = (int(a[11]), float(a[12])) if len(a) > 12 else (None, None)
    st = gs.parse(report)
    turn = st.get("ws turn", {})
    live = st.get("baseline live", {})
    fake = json.loads(fake)
    llm = fake["replyNominalMs"] + fake["extractNominalMs"]
    failed = sum(v.get("ko", 0) for v in st.values())
    out = {
        "kind": "ws", "report": os.path.basename(report), "users": int(users), "thinkMs": int(think),
        "turns": turn.get("total", 0), "turnKo": turn.get("ko", 0), "failedRequests": failed,
        "turnsPerS": turn.get("rps", 0), "llmNominalMs": llm,
        "turnP50": turn.get("p50"), "turnP99": turn.get("p99"),
        "overheadP50": turn.get("p50", 0) - llm, "overheadP99": turn.get("p99", 0) - llm,
        "liveP50": live.get("p50"), "liveP99": live.get("p99"),
        "redis": redis(rb), "fake": fake,
        "rssBeforeMB": int(rss0) // 1024, "rssPeakMB": int(peak) // 1024, "rssAfterMB": int(rss1) // 1024,
        "cpuS": int(ticks) / int(hz), "cpuMsPerTurn": round(int(ticks) / int(hz) * 1000 / max(1, turn.get("total", 0)), 2),
        "loadavg": load, "errors": errors(report),
        # cores in use over the run (Gatling's JVM start included): the service's, and the whole machine's
        # (service + Gatling + fake LLM + Redis + PostgreSQL + anything else running)
        "serviceCores": round(int(ticks) / int(hz) / wall, 2) if wall else None,
        "machineCores": round(busy / int(hz) / wall, 2) if wall else None,
        "cpuMsPerTurnByThreads": thread_cpu(a[13], a[14], int(hz), turn.get("total", 0)) if len(a) > 14 else None,
        # the service's own view (bucket upper bounds, so a little high): where in the turn the time went
        "serviceTimersMs": stage_percentiles(a[15], a[16]) if len(a) > 16 else None,
        "counters": counter_deltas(a[15], a[16]) if len(a) > 16 else None,
        "youngGc": young_gc(a[15], a[16], turn.get("total", 0), wall) if len(a) > 16 else None,
    }
    return out


def idle(a):
    report, conn, rss0, peak, rss1, held, load = a[:7]
    heap0, heap1 = (int(a[7] or 0), int(a[8] or 0)) if len(a) > 8 else (0, 0)
    st = gs.parse(report)
    failed = sum(v.get("ko", 0) for v in st.values())
    return {"kind": "idle", "report": os.path.basename(report), "connections": int(conn), "failedRequests": failed,
            "heldSamples": int(held), "rssBeforeMB": int(rss0) // 1024, "rssHeldMB": int(peak) // 1024,
            "rssAfterMB": int(rss1) // 1024, "deltaMB": (int(peak) - int(rss0)) // 1024, "loadavg": load,
            "errors": errors(report), "liveHeapBeforeMB": heap0 // 1024, "liveHeapHeldMB": heap1 // 1024,
            "liveHeapDeltaMB": (heap1 - heap0) // 1024 if heap1 else None}


def pair(rows, key):
    """Median p50 / p99 of a per-turn measure (perTurn, wire) over the runs that have it, or "-"."""
    got = [r[key] for r in rows if (r.get(key) or {}).get("ownP99") is not None]
    if not got:
        return "-"
    return "%.1f / %.1f ms" % (statistics.median(g["ownP50"] for g in got), statistics.median(g["ownP99"] for g in got))


def full(gc):
    """The full pauses of the runs, when any run had one: in a heap too small for the load they are the tail."""
    if not any(g.get("fullPauses") for g in gc):
        return ""
    return "; full: %s, mean %.0f ms" % ("/".join(str(g.get("fullPauses", 0)) for g in gc),
                                         statistics.median(g["fullPauseMeanMs"] for g in gc if g.get("fullPauses")))


def table(path):
    rows = [json.loads(l) for l in open(path) if l.strip()]
    med = lambda xs: statistics.median(xs) if xs else float("nan")
    print("| conversations | runs | turns/s | overhead p50 | overhead p99 | turn p50 | turn p99 | failed | live p50 / p99 | "
          "redis GET p50 / p99 | ratio p50 overhead/live | CPU ms/turn (of it JIT) | cores: service / machine | RSS peak | "
          "per turn minus the fake's own time p50 / p99 | on the wire p50 / p99 | allocated per turn | young pauses: mean, every |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for u in sorted({r["users"] for r in rows if r["kind"] == "ws"}):
        rs = [r for r in rows if r["kind"] == "ws" and r["users"] == u]
        rp = [r["redis"] for r in rs if r.get("redis")]
        cores = [r for r in rs if r.get("serviceCores") is not None]
        jit = [r["cpuMsPerTurnByThreads"]["jit"] for r in rs if r.get("cpuMsPerTurnByThreads")]
        gc = [r["youngGc"] for r in rs if (r.get("youngGc") or {}).get("pauseMeanMs") is not None]
        print("| %d | %d | %.1f | %.0f ms | %.0f ms | %.0f ms | %.0f ms | %s | %.0f / %.0f ms | %.2f / %.2f ms | %.1f | %.1f%s | %s | %d MB | %s | %s | %s | %s |" % (
            u, len(rs), med([r["turnsPerS"] for r in rs]), med([r["overheadP50"] for r in rs]),
            med([r["overheadP99"] for r in rs]), med([r["turnP50"] for r in rs]), med([r["turnP99"] for r in rs]),
            "/".join(str(int(r["failedRequests"])) for r in rs),
            med([r["liveP50"] for r in rs]), med([r["liveP99"] for r in rs]),
            med([x["p50"] for x in rp]), med([x["p99"] for x in rp]),
            med([r["overheadP50"] / max(1, r["liveP50"]) for r in rs]),
            med([r["cpuMsPerTurn"] for r in rs]), (" (%.1f)" % med(jit)) if jit else "",
            "%.2f / %.2f" % (med([r["serviceCores"] for r in cores]), med([r["machineCores"] for r in cores])) if cores else "-",
            med([r["rssPeakMB"] for r in rs]), pair(rs, "perTurn"), pair(rs, "wire"),
            "%.0f KB" % med([g["allocKBPerTurn"] for g in gc]) if gc else "-",
            "%.1f ms, %.1f s%s" % (med([g["pauseMeanMs"] for g in gc]), med([g["intervalS"] for g in gc]), full(gc))
            if gc else "-"))
    ids = [r for r in rows if r["kind"] == "idle"]
    if ids:
        print()
        print("| idle sockets | runs | RSS before | RSS held | RSS delta (median) | live heap delta (median) | failed |")
        print("|---|---|---|---|---|---|---|")
        for c in sorted({r["connections"] for r in ids}):
            rs = [r for r in ids if r["connections"] == c]
            hd = [r["liveHeapDeltaMB"] for r in rs if r.get("liveHeapDeltaMB") is not None]
            print("| %d | %d | %.0f MB | %.0f MB | %.0f MB | %s | %s |" % (c, len(rs), med([r["rssBeforeMB"] for r in rs]),
                  med([r["rssHeldMB"] for r in rs]), med([r["deltaMB"] for r in rs]),
                  ("%.0f MB" % med(hd)) if hd else "-",
                  "/".join(str(int(r["failedRequests"])) for r in rs)))


if __name__ == "__main__":
    kind = sys.argv[1]
    if kind == "table":
        table(sys.argv[2])
    else:
        print(json.dumps({"ws": ws, "idle": idle}[kind](sys.argv[2:])))

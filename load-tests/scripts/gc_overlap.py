#!/usr/bin/env python3
"""Which JVM's stop-the-world pauses fall inside the slowest turns, read on the wire: for each GC log given, how many of
the slowest 1% of a run's turns (their own time at the service's port, wire_overhead.py) had a pause of that JVM overlap
one of the service's three windows of the turn (before, between, after), and the p99 of the turns that no pause touched.

    load-tests/scripts/start.sh -Xlog:gc:file=load-tests/target/gc-service.log:utctime,uptime
    WIRE=1 load-tests/scripts/run.sh ws 200 1
    python3 load-tests/scripts/gc_overlap.py load-tests/target/wire.pcap service=load-tests/target/gc-service.log \\
        [fake=LOG] [gatling=LOG] [--ports 8181 8399]

A log of a running JVM can be started with `jcmd PID VM.log output=FILE what=gc decorators=utctime,uptime` (the fake
LLM's, Gatling's forked `gatlingbooter` JVM's). Pauses are the lines `... Pause ... N.NNNms` with a wall-clock
(utctime) decoration, the pause's end; a pause of another JVM counts when it took the cores the service needed."""
import datetime
import re
import sys

import wire_overhead

PAUSE = re.compile(r"\[(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3})[^]]*\].*\bPause\b.* (\d+(?:\.\d+)?)ms\s*$")


def pauses(path):
    """(start, end) wall-clock seconds of every pause in a unified-logging GC log with utctime decorations."""
    out = []
    with open(path) as f:
        for line in f:
            m = PAUSE.match(line)
            if m:
                end = datetime.datetime.strptime(m.group(1), "%Y-%m-%dT%H:%M:%S.%f").replace(
                    tzinfo=datetime.timezone.utc).timestamp()
                out.append((end - float(m.group(2)) / 1e3, end))
    return out


def overlap(turns, logs):
    """turns: [(own ms, windows)]; logs: {name: [(start, end)]}. The report as a dict."""
    def touched(windows, ps):
        return any(a < pe and ps_ < b for _, a, b in windows for ps_, pe in ps)

    turns = sorted(turns, key=lambda t: t[0])
    n = len(turns)
    first_slow = n - max(1, n // 100) if n else 0  # the slowest 1%: turns[first_slow:]
    report = {"turns": n, "p99": wire_overhead.pct([t[0] for t in turns], .99), "slowest": n - first_slow, "jvms": {}}
    hit = [False] * n
    for name, ps in logs.items():
        mine = [touched(w, ps) for _, w in turns]
        hit = [h or m for h, m in zip(hit, mine)]
        lengths = sorted(round((b - a) * 1e3, 2) for a, b in ps)
        report["jvms"][name] = {"pauses": len(ps), "pauseP50Ms": lengths[len(lengths) // 2] if lengths else None,
                                "pauseMaxMs": lengths[-1] if lengths else None,
                                "slowestTouched": sum(mine[first_slow:]), "allTouched": sum(mine)}
    report["slowestTouchedByAny"] = sum(hit[first_slow:])
    report["p99Untouched"] = wire_overhead.pct([t[0] for t, h in zip(turns, hit) if not h], .99)
    return report


def main(argv):
    ports = (8181, 8399)
    if "--ports" in argv:
        i = argv.index("--ports")
        ports = (int(argv[i + 1]), int(argv[i + 2]))
        argv = argv[:i] + argv[i + 3:]
    capture, logs = argv[0], dict(a.split("=", 1) for a in argv[1:])
    turns = [(t[1], t[2]) for t in wire_overhead.paired_turns(capture, *ports) if t is not None]
    r = overlap(turns, {name: pauses(path) for name, path in logs.items()})
    print(f"{r['turns']} turns, p99 {r['p99']} ms on the wire; the slowest {r['slowest']}:")
    for name, j in r["jvms"].items():
        print(f"  {name}: {j['pauses']} pauses (p50 {j['pauseP50Ms']} ms, max {j['pauseMaxMs']} ms) touched "
              f"{j['slowestTouched']} of them ({j['allTouched']} turns in all)")
    print(f"  touched by any: {r['slowestTouchedByAny']}; p99 of the turns no pause touched: {r['p99Untouched']} ms")


if __name__ == "__main__":
    main(sys.argv[1:])

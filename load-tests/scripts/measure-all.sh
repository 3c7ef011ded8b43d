#!/usr/bin/env bash
# The whole measurement of load-tests/README.md, on a freshly started service and fake LLM:
#   load-tests/scripts/measure-all.sh [RUNS]     (default 3 runs of each size; ~30 min on 2 cores)
# 1. one warm-up WS run (not counted; WARMUP_USERS conversations, default 200, for WARMUP_S seconds, default 90: the JIT
#    is still compiling minutes into a new load shape), then WS conversations at 5 (the unloaded floor), 50, 200 and
#    500, RUNS runs each
# 2. idle WebSockets: 1,000 connections held, RSS and live heap before (after a full GC) / while held
# Results: load-tests/target/results.jsonl (one line per run) and the tables printed at the end.
# JVM_OPTS: the service's JVM options, e.g. the pod's (k8s/README.md, *JVM*); HARNESS_NICE, HARNESS_IDLE and WIRE as for run.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-3}
if [ "${WIRE:-0}" = 1 ] && ! command -v tcpdump > /dev/null; then   # checked here: the warm-up's output is not shown
  echo "WIRE=1 needs tcpdump (apt-get install -y tcpdump) and root"; exit 1
fi
mkdir -p target
mv -f target/results.jsonl "target/results-$(date +%s).jsonl" 2>/dev/null || true
# shellcheck disable=SC2086 # options are words
scripts/start.sh ${JVM_OPTS:-}
trap 'scripts/stop.sh' EXIT
RESULTS=target/warmup.jsonl RAMP_S=10 DURATION_S=${WARMUP_S:-90} scripts/run.sh ws "${WARMUP_USERS:-200}" 1 > /dev/null   # not counted
for users in 5 50 200 500; do
  RAMP_S=${RAMP_S:-20} DURATION_S=${DURATION_S:-45} scripts/run.sh ws "$users" "$RUNS"
done
RAMP_S=20 HOLD_S=40 scripts/run.sh idle 1000 "$RUNS"
python3 scripts/summarize.py table target/results.jsonl

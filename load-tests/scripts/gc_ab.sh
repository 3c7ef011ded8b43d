#!/usr/bin/env bash
# Two sets of JVM heap options for one build, alternating, at 200 conversations: each variant started fresh with a GC log,
# warmed up, then one run with WIRE=1, and gc_overlap.py on that run's capture and log (which of the slowest 1% of turns
# a young pause was inside). Used in session 26 for the young generation's size (load-tests/README.md).
#   load-tests/scripts/gc_ab.sh APP_DIR [ROUNDS=2]
# OPTS_A, OPTS_B: the JVM options of each (e.g. OPTS_B="-Xms2g -Xmn1g -XX:MaxTenuringThreshold=2");
# TENURE_B=1: a full collection (jcmd GC.run) right after B starts, so what the service built at startup is in the old
# generation before the load, as it would be after 15 young collections; WARMUP_S (180): the warm-up at 200.
# Logs, captures and result lines in load-tests/target/gc-ab/.
set -euo pipefail
cd "$(dirname "$0")/../.."
APP=$1; ROUNDS=${2:-2}
OUT=load-tests/target/gc-ab
mkdir -p "$OUT"
for round in $(seq 1 "$ROUNDS"); do
  for v in A B; do
    opts=${OPTS_A:-}; [ "$v" = B ] && opts=${OPTS_B:-}
    log=$PWD/$OUT/gc-$v-$round.log
    load-tests/scripts/stop.sh > /dev/null 2>&1 || true
    # shellcheck disable=SC2086 # options are words
    APP_DIR=$APP load-tests/scripts/start.sh $opts "-Xlog:gc:file=$log:utctime,uptime" > /dev/null
    if [ "$v" = B ] && [ "${TENURE_B:-0}" = 1 ]; then jcmd "$(cat load-tests/target/service.pid)" GC.run > /dev/null; fi
    (cd load-tests && RESULTS=target/warmup.jsonl RAMP_S=10 DURATION_S=${WARMUP_S:-180} scripts/run.sh ws 200 1 > /dev/null)
    (cd load-tests && WIRE=1 RESULTS=target/gc-ab/$v.jsonl RAMP_S=10 DURATION_S=50 scripts/run.sh ws 200 1 > /dev/null)
    cp load-tests/target/wire.pcap "$OUT/wire-$v-$round.pcap"
    echo "round $round $v ($opts):"
    python3 load-tests/scripts/gc_overlap.py "$OUT/wire-$v-$round.pcap" "service=$log" | sed 's/^/  /'
  done
done
load-tests/scripts/stop.sh > /dev/null 2>&1 || true
for v in A B; do
  echo "$v:"
  python3 load-tests/scripts/summarize.py table "load-tests/target/gc-ab/$v.jsonl"
done

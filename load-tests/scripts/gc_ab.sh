#!/usr/bin/env bash
# Two sets of JVM heap options for one build, alternating, at 200 conversations: ab.sh with each variant's GC log, a
# warm-up at 200, then one run with WIRE=1 and gc_overlap.py on that run's capture and log (which of the slowest 1% of
# turns a young pause was inside). Used in sessions 26 and 27 for the heap's and the collector's settings
# (load-tests/README.md).
#   load-tests/scripts/gc_ab.sh APP_DIR [ROUNDS=2]
# OPTS_A, OPTS_B: the JVM options of each (e.g. OPTS_B="-Xms2g -Xmn1g -XX:MaxTenuringThreshold=2"); TENURE_A, TENURE_B
# (ab.sh): a full collection right after that variant starts; WARMUP_S (180): the warm-up at 200.
# Logs and captures in load-tests/target/ab/, result lines in load-tests/target/ab-A.jsonl and ab-B.jsonl.
set -euo pipefail
cd "$(dirname "$0")/../.."
exec env GC_LOG=1 WIRE=1 WARMUP_USERS=200 WARMUP_S="${WARMUP_S:-180}" RAMP_S=10 DURATION_S=50 \
  load-tests/scripts/ab.sh "$1" "$1" "${2:-2}" 200

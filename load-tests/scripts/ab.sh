#!/usr/bin/env bash
# A/B of two packaged builds on the same machine in the same half hour, alternating (A B A B ...): each is
# started fresh with the fake LLM, warmed up (30 conversations, 20 s, not counted), then measured at each size.
#   load-tests/scripts/ab.sh APP_DIR_A APP_DIR_B [ROUNDS=2] [USERS="50 200"]
# Warm-up: WARMUP_USERS (30) conversations for WARMUP_S (20) seconds; the JIT compiles for minutes under a new
# load shape (cpuMsPerTurnByThreads.jit in each result line says how much of a run it still took).
# e.g. git worktree add /tmp/old <commit> && (cd /tmp/old && ./mvnw -B -q package -DskipTests)
#      load-tests/scripts/ab.sh /tmp/old/target/quarkus-app target/quarkus-app
# JVM options per variant: OPTS_A, OPTS_B (e.g. the same build with two garbage collectors:
#      OPTS_B="-XX:+UseShenandoahGC" load-tests/scripts/ab.sh target/quarkus-app target/quarkus-app)
# and the java that runs each: JAVA_A, JAVA_B (default java); ENV_A, ENV_B: environment of start.sh for each (e.g. the
# fake's timing: ENV_A="FAKE_TICK_MS=0 FAKE_TIMER_THREADS=2"). WIRE=1 reads every measured turn on the wire too (run.sh).
# GC_LOG=1: each variant's GC log (wall-clock times) in load-tests/target/ab/gc-VARIANT-ROUND.log and, with WIRE=1, each
# measured run's capture beside it and gc_overlap.py on the two (which of the slowest 1% of turns a pause was inside).
# TENURE_A=1 / TENURE_B=1: a full collection (jcmd GC.run) right after that variant starts, so what the service built at
# startup is in the old generation before the load, as it would be after 15 young collections of a large eden.
# One JSON line per run in load-tests/target/ab-A.jsonl and ab-B.jsonl; the tables at the end.
set -euo pipefail
cd "$(dirname "$0")/../.."
A=$1; B=$2; ROUNDS=${3:-2}; USERS=${4:-"50 200"}
LOGS=$PWD/load-tests/target/ab
rm -f load-tests/target/ab-A.jsonl load-tests/target/ab-B.jsonl
[ "${GC_LOG:-0}" = 1 ] && mkdir -p "$LOGS"
for round in $(seq 1 "$ROUNDS"); do
  for variant in A B; do
    app=$A; opts=${OPTS_A:-}; jvm=${JAVA_A:-java}; envs=${ENV_A:-}; tenure=${TENURE_A:-0}
    [ "$variant" = B ] && app=$B && opts=${OPTS_B:-} && jvm=${JAVA_B:-java} && envs=${ENV_B:-} && tenure=${TENURE_B:-0}
    log=$LOGS/gc-$variant-$round.log
    gclog=""; [ "${GC_LOG:-0}" = 1 ] && gclog="-Xlog:gc:file=$log:utctime,uptime"
    load-tests/scripts/stop.sh > /dev/null 2>&1 || true
    # shellcheck disable=SC2086 # options are words
    env $envs APP_DIR=$app JAVA_BIN=$jvm load-tests/scripts/start.sh $opts $gclog > /dev/null
    if [ "$tenure" = 1 ]; then jcmd "$(cat load-tests/target/service.pid)" GC.run > /dev/null; fi
    RESULTS=target/warmup.jsonl RAMP_S=10 DURATION_S=${WARMUP_S:-20} load-tests/scripts/run.sh ws "${WARMUP_USERS:-30}" 1 > /dev/null
    for users in $USERS; do
      RESULTS=target/ab-$variant.jsonl DURATION_S=${DURATION_S:-45} load-tests/scripts/run.sh ws "$users" 1 > /dev/null
      echo "round $round $variant ($envs $jvm $app $opts): $users conversations measured"
      if [ -n "$gclog" ] && [ "${WIRE:-0}" = 1 ]; then
        cp load-tests/target/wire.pcap "$LOGS/wire-$variant-$round-$users.pcap"
        python3 load-tests/scripts/gc_overlap.py "$LOGS/wire-$variant-$round-$users.pcap" "service=$log" | sed 's/^/  /'
      fi
    done
  done
done
load-tests/scripts/stop.sh > /dev/null 2>&1 || true
for variant in A B; do
  echo "$variant:"
  python3 load-tests/scripts/summarize.py table load-tests/target/ab-$variant.jsonl
done

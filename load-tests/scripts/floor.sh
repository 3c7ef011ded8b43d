#!/usr/bin/env bash
# The harness's floor: the same WebSocket measurement as run.sh, against a backend that only waits (NullBackend:
# every turn answered after exactly the fake LLM's nominal 1,060 ms, nothing stored, no LLM called). The
# overhead it reports is what Gatling and this machine add by themselves; the service's own overhead cannot be
# measured below it here.
#   load-tests/scripts/floor.sh [USERS=200] [RUNS=3]      (RAMP_S, DURATION_S, RESULTS as for run.sh)
# Stops a running service first (stop.sh); the fake LLM runs idle, only for run.sh's nominal time per turn.
set -euo pipefail
cd "$(dirname "$0")/.."
USERS=${1:-200}; RUNS=${2:-3}
scripts/stop.sh > /dev/null 2>&1 || true
../mvnw -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test > /dev/null
java src/main/java/dev/concierge/load/FakeLlm.java --port "${FAKE_PORT:-8399}" > target/fake-llm.log 2>&1 &
echo $! > target/fake-llm.pid
java -cp "target/test-classes:$(cat target/test-classpath.txt)" dev.concierge.load.NullBackend --port "${LOAD_PORT:-8181}" \
  > target/service.log 2>&1 &
echo $! > target/service.pid
for _ in $(seq 1 60); do
  curl -sf "http://127.0.0.1:${LOAD_PORT:-8181}/q/health/live" > /dev/null && curl -sf -XPOST "http://127.0.0.1:${FAKE_PORT:-8399}/stats" > /dev/null && break
  sleep 1
done
RESULTS=${RESULTS:-target/floor.jsonl} scripts/run.sh ws "$USERS" "$RUNS"
scripts/stop.sh > /dev/null 2>&1 || true

#!/usr/bin/env bash
# Starts the fake LLM and the packaged service (built by the root README's command) for a load run.
#   load-tests/scripts/start.sh [extra JVM options for the service, e.g. -Xmx1g]
# The service runs with the root README's heap (-Xms512m -Xmx512m, the pod's); options given here come after it, so win.
# APP_DIR: another packaged build to run (default target/quarkus-app). JAVA_BIN: the service's java (default java). Ports: service 8181 (LOAD_PORT), fake LLM 8399 (FAKE_PORT). Timing of the fake: FAKE_TTFT_MS (200),
# FAKE_TPS (50), FAKE_REPLY_TOKENS (30), FAKE_EXTRACT_TOKENS (5), FAKE_TICK_MS (5; 0 = each chunk at its own time),
# FAKE_TIMER_THREADS (1). HARNESS_NICE (0): the fake's nice level (run.sh
# takes it for Gatling and the capture), e.g. 19 to let the backend have the cores first, as on a machine of its own;
# HARNESS_IDLE=1 runs them at SCHED_IDLE instead (scripts/harness.sh).
# PIDs go to load-tests/target/*.pid; load-tests/scripts/stop.sh stops both.
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=harness.sh
. load-tests/scripts/harness.sh
mkdir -p load-tests/target
PORT=${LOAD_PORT:-8181}
FAKE=${FAKE_PORT:-8399}
"${HARNESS[@]}" java load-tests/src/main/java/dev/concierge/load/FakeLlm.java --port "$FAKE" --ttft-ms "${FAKE_TTFT_MS:-200}" \
  --tokens-per-second "${FAKE_TPS:-50}" --reply-tokens "${FAKE_REPLY_TOKENS:-30}" \
  --extract-tokens "${FAKE_EXTRACT_TOKENS:-5}" --tick-ms "${FAKE_TICK_MS:-5}" --timer-threads "${FAKE_TIMER_THREADS:-1}" \
  > load-tests/target/fake-llm.log 2>&1 &
echo $! > load-tests/target/fake-llm.pid
CONCIERGE_LLM_ENABLED=true CONCIERGE_LLM_BASE_URL="http://127.0.0.1:$FAKE/v1" CONCIERGE_LLM_API_KEY=load-test \
  "${JAVA_BIN:-java}" -Xms512m -Xmx512m "$@" -Dquarkus.profile=demo,local -Dquarkus.http.port="$PORT" -jar "${APP_DIR:-target/quarkus-app}/quarkus-run.jar" \
  > load-tests/target/service.log 2>&1 &
echo $! > load-tests/target/service.pid
for _ in $(seq 1 120); do
  curl -sf "http://127.0.0.1:$PORT/q/health/ready" > /dev/null && break
  sleep 1
done
curl -sf "http://127.0.0.1:$PORT/q/health/ready" > /dev/null || { echo "service not ready; see load-tests/target/service.log"; exit 1; }
echo "service pid $(cat load-tests/target/service.pid) on :$PORT, fake LLM pid $(cat load-tests/target/fake-llm.pid) on :$FAKE"
head -1 load-tests/target/fake-llm.log

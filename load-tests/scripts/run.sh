#!/usr/bin/env bash
# Measures against the service and fake LLM started by start.sh; appends one JSON line per run to
# load-tests/target/results.jsonl and prints it.
#   load-tests/scripts/run.sh ws USERS [RUNS] [extra -D options for Gatling]   WebSocket conversations
#   load-tests/scripts/run.sh idle CONNECTIONS [RUNS]                            idle WebSockets: RSS, and the
#                                                                               live heap after a full GC (jcmd)
#   load-tests/scripts/run.sh sim SimulationClass [-Dk=v ...]                    any simulation, once
# Per WS run, on the same machine at the same time: Gatling's "ws turn" and "baseline live" (GET
# /q/health/live) percentiles, a Redis GET baseline (redis_baseline.py: a GET every 20 ms after the ramp),
# the service's RSS (before, peak, after) and CPU seconds, the fake LLM's own schedule lateness, and "perTurn": each
# turn's time minus the fake's own time of its two calls (matched by the end user's pseudonym), p50/p99.
# STANDING=N (ws): the conversations are held by 2 x USERS returning users with N standing instructions each, made
# through the API before the first run (StandingUsers.java; kept in target/standing-users-N-COUNT.txt and used again
# by later runs of that size, while Redis keeps them: delete the file for new ones); "standing" in each result line.
# WIRE=1 (ws): each turn also read on the wire (tcpdump, root). HARNESS_NICE (0) or HARNESS_IDLE=1: the priority of
# Gatling and the capture (scripts/harness.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=harness.sh
. scripts/harness.sh
MVNW=../mvnw
PORT=${LOAD_PORT:-8181}
FAKE=${FAKE_PORT:-8399}
MODE=$1; shift
PID=$(cat target/service.pid)
OUT=${RESULTS:-target/results.jsonl}
rss() { awk '/VmRSS/{print $2}' /proc/$PID/status; }            # kB
cpu() { awk '{print $14 + $15}' /proc/$PID/stat; }               # clock ticks
busy() { awk '/^cpu /{print $2 + $3 + $4 + $7 + $8}' /proc/stat; } # the whole machine's busy clock ticks (user nice system irq softirq)
heap() { jcmd "$PID" GC.run > /dev/null 2>&1; sleep 1; jcmd "$PID" GC.heap_info 2>/dev/null | awk '/used/{for(i=1;i<=NF;i++) if($i=="used"){v=$(i+1); gsub(/[^0-9]/,"",v); print v; exit}}'; }  # kB live after a full GC
latest() { ls -td target/gatling/"$1"-* | head -1; }
threads() { for t in /proc/$PID/task/*; do echo "${t##*/} $(tr ' ' '_' < "$t/comm") $(awk '{print $14 + $15}' "$t/stat")"; done 2>/dev/null; } # tid name ticks

gatling() { # class, -D...   (Gatling's console output is kept as console.log in its report folder)
  local cls=$1; shift
  "${HARNESS[@]}" $MVNW -B -q gatling:test -Dgatling.simulationClass=dev.concierge.load.$cls -DbaseUrl=http://127.0.0.1:$PORT "$@" \
    > target/gatling-last.log 2>&1 || true
  local lc; lc=$(echo "$cls" | tr 'A-Z' 'a-z')
  cp target/gatling-last.log "$(latest "$lc")/console.log" 2>/dev/null || true
}

case "$MODE" in
ws)
  USERS=$1; RUNS=${2:-1}; shift; shift || true
  RAMP=${RAMP_S:-20}; DUR=${DURATION_S:-60}; THINK=${THINK_MS:-1000}
  if [ "${STANDING:-0}" -gt 0 ]; then   # returning users with STANDING instructions each, made before any measuring
    pool=target/standing-users-$STANDING-$((2 * USERS)).txt
    [ -s "$pool" ] || java src/main/java/dev/concierge/load/StandingUsers.java --users $((2 * USERS)) \
      --instructions "$STANDING" --out "$pool" --base-url "http://127.0.0.1:$PORT" >&2
    set -- "$@" -DusersFile="$pool"
  fi
  for r in $(seq 1 "$RUNS"); do
    curl -s -XPOST "http://127.0.0.1:$FAKE/stats" > /dev/null
    curl -s "http://127.0.0.1:$FAKE/calls" > /dev/null; rm -f target/ws-turns.csv target/redis-baseline.json
    rss0=$(rss); cpu0=$(cpu); busy0=$(busy); t0=$(date +%s.%N); peak=$rss0; threads > target/threads0.txt
    curl -s "http://127.0.0.1:$PORT/q/metrics" > target/metrics0.txt
    ( sleep $((RAMP + 5)); python3 scripts/redis_baseline.py --seconds $((DUR > 15 ? DUR - 10 : 5)) > target/redis-baseline.json ) &
    rb=$!
    dump=
    if [ "${WIRE:-0}" = 1 ]; then
      command -v tcpdump > /dev/null || { echo "WIRE=1 needs tcpdump (apt-get install -y tcpdump) and root"; exit 1; }
      rm -f target/wire.pcap
      "${HARNESS[@]}" tcpdump -Z root -i lo -nn -s 0 -B 65536 -w target/wire.pcap \
        "tcp and (port $PORT or port $FAKE) and (ip[2:2] - ((ip[0]&0xf)<<2) - ((tcp[12]&0xf0)>>2)) != 0" \
        2> target/wire.log &
      dump=$!
      sleep 1
    fi
    gatling WsConversationSimulation -Dusers="$USERS" -DrampS="$RAMP" -DdurationS="$DUR" -DthinkMs="$THINK" "$@" &
    g=$!
    while kill -0 $g 2>/dev/null; do r1=$(rss); [ "$r1" -gt "$peak" ] && peak=$r1; sleep 2; done
    wait $rb || true
    [ -n "$dump" ] && { kill "$dump"; wait "$dump" 2>/dev/null || true; }
    rss1=$(rss); cpu1=$(cpu); busy1=$(busy); t1=$(date +%s.%N); threads > target/threads1.txt
    curl -s "http://127.0.0.1:$PORT/q/metrics" > target/metrics1.txt
    fake=$(curl -s "http://127.0.0.1:$FAKE/stats")
    curl -s "http://127.0.0.1:$FAKE/calls" > target/fake-calls.csv
    python3 scripts/summarize.py ws "$(latest wsconversationsimulation)" "$USERS" "$THINK" "$rss0" "$peak" "$rss1" \
      "$((cpu1 - cpu0))" "$(getconf CLK_TCK)" "$fake" target/redis-baseline.json "$(cat /proc/loadavg)" \
      "$((busy1 - busy0))" "$(awk "BEGIN{print $t1 - $t0}")" target/threads0.txt target/threads1.txt \
      target/metrics0.txt target/metrics1.txt \
      | python3 scripts/turn_overhead.py target/ws-turns.csv target/fake-calls.csv \
          "$(python3 -c "import json,sys; d=json.loads(sys.argv[1]); print(d['replyNominalMs'] + d['extractNominalMs'])" "$fake")" \
      | if [ -n "$dump" ]; then python3 scripts/wire_overhead.py target/wire.pcap "$PORT" "$FAKE"; else cat; fi \
      | python3 -c 'import json, sys; d = json.loads(sys.stdin.read()); d["standing"] = int(sys.argv[1]); print(json.dumps(d))' "${STANDING:-0}" \
      | tee -a $OUT
  done
  ;;
idle)
  CONN=$1; RUNS=${2:-1}
  for r in $(seq 1 "$RUNS"); do
    heap0=$(heap); rss0=$(rss); peak=$rss0; held=0; heap1=0
    gatling IdleWebSocketsSimulation -Dconnections="$CONN" -DrampS="${RAMP_S:-20}" -DholdS="${HOLD_S:-40}" &
    g=$!
    while kill -0 $g 2>/dev/null; do
      n=$(ss -Htn state established "( sport = :$PORT )" | wc -l)
      r1=$(rss)
      if [ "$n" -ge "$CONN" ]; then
        held=$((held + 1)); [ "$r1" -gt "$peak" ] && peak=$r1
        [ "$held" -eq 3 ] && heap1=$(heap)     # live heap after a full GC, all sockets open
      fi
      sleep 2
    done
    rss1=$(rss)
    python3 scripts/summarize.py idle "$(latest idlewebsocketssimulation)" "$CONN" "$rss0" "$peak" "$rss1" "$held" \
      "$(cat /proc/loadavg)" "$heap0" "$heap1" | tee -a $OUT
  done
  ;;
sim)
  CLS=$1; shift
  gatling "$CLS" "$@"
  tail -40 target/gatling-last.log
  ;;
*) echo "usage: run.sh ws USERS [RUNS] | idle CONNECTIONS [RUNS] | sim Class [-Dk=v...]"; exit 2 ;;
esac

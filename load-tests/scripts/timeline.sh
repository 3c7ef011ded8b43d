#!/usr/bin/env bash
# A turn's critical path on the wire: one WebSocket turn at a time (OneTurnAtATime) against the service and fake LLM
# started by start.sh, while tcpdump captures the service's, the fake's, Redis's and PostgreSQL's ports on loopback;
# timeline.py then prints where the service's own time went. Needs tcpdump (Debian's package) and root.
#   load-tests/scripts/timeline.sh [CONVERSATIONS=30]     (warm the JIT first, e.g. run.sh ws 150 1)
# The capture stays in load-tests/target/timeline.pcap.txt; two builds: start.sh with APP_DIR, alternate, compare.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${LOAD_PORT:-8181}; FAKE=${FAKE_PORT:-8399}
command -v tcpdump > /dev/null || { echo "tcpdump is not installed (apt-get install -y tcpdump)"; exit 1; }
tcpdump -i lo -nn -tt -q "tcp and (port $PORT or port $FAKE or port 6379 or port 5432) and (tcp[tcpflags] & tcp-push != 0)" \
  > target/timeline.pcap.txt 2> /dev/null &
dump=$!
sleep 1
java src/main/java/dev/concierge/load/OneTurnAtATime.java --conversations "${1:-30}" --base-url "http://127.0.0.1:$PORT" \
  > target/timeline-client.txt
sleep 1
kill $dump; wait $dump 2> /dev/null || true
awk '/over/{print $4}' target/timeline-client.txt | sort -n \
  | awk '{v[NR]=$1} END{printf "client: %d turns, turn - 1,060 ms p50 %.2f p90 %.2f ms\n", NR, v[int(NR*0.5)], v[int(NR*0.9)]}'
python3 scripts/timeline.py target/timeline.pcap.txt "$PORT" "$FAKE"

#!/usr/bin/env bash
# Stops what start.sh started (by the PIDs it wrote) and waits until they have exited (the service takes up
# to its 10 s shutdown timeout), so a following start.sh does not find the old one still on the port.
cd "$(dirname "$0")/../target" 2>/dev/null || exit 0
for f in service.pid fake-llm.pid; do
  [ -f "$f" ] || continue
  pid=$(cat "$f")
  if kill "$pid" 2>/dev/null; then
    for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
    echo "stopped $f ($pid)"
  fi
  rm -f "$f"
done
exit 0

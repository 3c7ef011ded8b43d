#!/usr/bin/env bash
# Stops what start.sh started (by the PIDs it wrote).
cd "$(dirname "$0")/../target" 2>/dev/null || exit 0
for f in service.pid fake-llm.pid; do
  [ -f "$f" ] && kill "$(cat "$f")" 2>/dev/null && echo "stopped $f ($(cat "$f"))"
  rm -f "$f"
done
exit 0

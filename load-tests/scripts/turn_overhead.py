#!/usr/bin/env python3
"""Per-turn overhead: each turn's time (Gatling, from before the send to after the turn frame's check) minus the
fake LLM's own time of that turn's two calls (extraction and reply: from the request read to the last chunk written),
matched by the end user's pseudonym (the "user" of the service's LLM requests) and order.

    python3 scripts/summarize.py ... | python3 scripts/turn_overhead.py TURNS_CSV CALLS_CSV NOMINAL_MS

Reads one result JSON line on stdin, adds "perTurn" to it and prints it: overhead p50/p99 (ms) against the fake's own
time ("ownP50/ownP99") and against the nominal time ("nominalP50/nominalP99", the same subtraction as the report's
overhead, from these per-turn times), the fake's own time per turn over nominal (p50/p99) and the turns matched.
A user whose calls do not pair with its turns (another call kind, a missing call) is left out and counted."""
import json
import sys
from collections import defaultdict


def pct(xs, q):
    if not xs:
        return None
    xs = sorted(xs)
    return round(xs[max(0, min(len(xs) - 1, int(-(-q * len(xs) // 1)) - 1))], 1)


def main():
    turns_csv, calls_csv, nominal = sys.argv[1], sys.argv[2], float(sys.argv[3])
    result = json.loads(sys.stdin.read())
    try:
        per_turn(result, turns_csv, calls_csv, nominal)
    except (OSError, ValueError) as e:  # no turns file (the simulation failed) or a malformed line: say so, keep the run
        result["perTurn"] = {"error": str(e)}
    print(json.dumps(result))


def per_turn(result, turns_csv, calls_csv, nominal):
    turns = defaultdict(dict)  # user -> turn number -> ms
    for line in open(turns_csv):
        user, n, micros = line.strip().split(",")
        turns[user][int(n)] = int(micros) / 1000
    calls = defaultdict(list)  # user -> [(start, kind, ms)]
    for line in open(calls_csv):
        user, kind, start, micros = line.strip().split(",")
        calls[user].append((int(start), kind, int(micros) / 1000))
    own, nominal_over, llm_over, skipped = [], [], [], 0
    for user, by_turn in turns.items():
        cs = sorted(calls.get(user, []))
        ext = [c[2] for c in cs if c[1] == "extraction"]
        rep = [c[2] for c in cs if c[1] == "reply"]
        numbers = sorted(by_turn)
        if any(c[1] == "other" for c in cs) or numbers != list(range(1, len(numbers) + 1)) \
                or len(ext) < len(numbers) or len(rep) < len(numbers):
            skipped += len(numbers)
            continue
        for n in numbers:
            llm = ext[n - 1] + rep[n - 1]
            own.append(by_turn[n] - llm)
            nominal_over.append(by_turn[n] - nominal)
            llm_over.append(llm - nominal)
    result["perTurn"] = {"turns": len(own), "skipped": skipped,
                         "ownP50": pct(own, 0.5), "ownP99": pct(own, 0.99),
                         "nominalP50": pct(nominal_over, 0.5), "nominalP99": pct(nominal_over, 0.99),
                         "fakeOverNominalP50": pct(llm_over, 0.5), "fakeOverNominalP99": pct(llm_over, 0.99)}


if __name__ == "__main__":
    main()

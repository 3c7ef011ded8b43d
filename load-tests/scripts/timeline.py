#!/usr/bin/env python3
"""Reads a `tcpdump -tt -q` capture of one-turn-at-a-time conversations (OneTurnAtATime) and prints, over the turns,
where the service's own time goes: the message to the extraction's request, the extraction's end to the reply's
request, the reply's end to the turn frame (with the PostgreSQL insert and the Redis commit inside it), and the whole
turn minus the fake LLM's nominal 1,060 ms.   usage: timeline.py CAPTURE [service port] [fake LLM port]"""
import re, statistics, sys

cap = sys.argv[1]
WS = int(sys.argv[2]) if len(sys.argv) > 2 else 8181
LLM = int(sys.argv[3]) if len(sys.argv) > 3 else 8399
PG, REDIS = 5432, 6379
rows = []
for line in open(cap):
    m = re.match(r'([\d.]+) IP6? (\S+)\.(\d+) > (\S+)\.(\d+): tcp (\d+)', line)
    if m:
        rows.append((float(m.group(1)), int(m.group(3)), int(m.group(5)), int(m.group(6))))
# a user_message frame of a conversation's turns 2-5 (the dev-token request and the upgrade are larger; turn 1, which also
# creates the conversation, carries no conversationId and is smaller, so it is not counted)
starts = [r[0] for r in rows if r[2] == WS and 100 <= r[3] < 260]
parts = {k: [] for k in ('message -> extraction request', 'extraction end -> reply request', 'reply end -> turn frame',
                         '  of it: the insert on the wire', '  of it: the Redis commit on the wire', 'turn - 1,060 ms')}
for i, ts in enumerate(starts):
    end = min(starts[i + 1] if i + 1 < len(starts) else ts + 1.5, ts + 1.2)
    w = [r for r in rows if ts <= r[0] < end]
    reqs = [r[0] for r in w if r[2] == LLM and r[3] > 500]
    if len(reqs) < 2:
        continue
    ext_end = max(r[0] for r in w if r[1] == LLM and r[0] < reqs[1])
    rep_end = max(r[0] for r in w if r[1] == LLM)
    frame = [r[0] for r in w if r[1] == WS and r[0] > rep_end]
    if not frame:
        continue
    tail = [r for r in w if r[0] > rep_end]
    for port, name in ((PG, '  of it: the insert on the wire'), (REDIS, '  of it: the Redis commit on the wire')):
        out = [r[0] for r in tail if r[2] == port]
        back = [r[0] for r in tail if r[1] == port]
        if out and back:
            parts[name].append((back[0] - out[0]) * 1e3)
    parts['message -> extraction request'].append((reqs[0] - ts) * 1e3)
    parts['extraction end -> reply request'].append((reqs[1] - ext_end) * 1e3)
    parts['reply end -> turn frame'].append((max(frame) - rep_end) * 1e3)
    parts['turn - 1,060 ms'].append((max(frame) - ts) * 1e3 - 1060)


def q(v, p):
    v = sorted(v)
    return v[min(len(v) - 1, int(p * len(v)))]


print(f"{len(parts['turn - 1,060 ms'])} turns")
for name, v in parts.items():
    if v:
        print(f"{name:40s} p50 {q(v, .5):6.3f}  p90 {q(v, .9):6.3f}  mean {statistics.mean(v):6.3f} ms")

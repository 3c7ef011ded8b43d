#!/usr/bin/env python3
"""The backend's overhead per turn read on the wire, without the load generator's own delays: from a capture of the
service's and the fake LLM's ports on loopback (run.sh with WIRE=1), for every WebSocket turn, the time from the
user_message frame reaching the service's port to the turn frame leaving it, minus the time of that turn's two LLM
calls on the wire (from the request's first byte to the fake's last chunk, so the fake's own lateness is not counted
against the service), paired by the end user: the socket's upgrade request carries the user's token, whose subject
hashes to the pseudonym the service puts in the "user" field of its LLM requests.

    python3 scripts/summarize.py ... | python3 scripts/wire_overhead.py CAPTURE.pcap [SERVICE_PORT] [FAKE_PORT]

Reads one result JSON line on stdin, adds "wire" and prints it: turns paired, turns left out ("unpaired": no turn frame,
or not exactly two LLM calls of that user inside the turn), own p50/p90/p99/max (ms), the same per turn number
("byTurn": p50, p99) and in three parts (p50, p99), in all and per turn number ("partsByTurn"): the message to the
extraction's request ("before"), the extraction's last chunk to the reply's request ("between"), the reply's last chunk
to the turn frame ("after": the commit).
A packet's time is when it passed the loopback interface, in the kernel, whenever the capture program reads it."""
import base64
import hashlib
import json
import re
import struct
import sys
from collections import defaultdict

TOKEN = re.compile(rb"access_token=[\w-]+\.([\w-]+)\.")
END_USER = re.compile(rb'"user"\s*:\s*"([0-9a-f]{32})"')


def payloads(path):
    """(time, source port, destination port, TCP payload) of every TCP segment with data, from a pcap file."""
    with open(path, "rb") as f:
        head = f.read(24)
        magic = struct.unpack("<I", head[:4])[0]
        order = "<" if magic in (0xA1B2C3D4, 0xA1B23C4D) else ">"
        nanos = magic in (0xA1B23C4D, 0x4D3CB2A1)
        link = struct.unpack(order + "I", head[20:24])[0]
        skip = {1: 14, 113: 16, 0: 4}.get(link, 0)  # Ethernet (tcpdump -i lo), Linux cooked (-i any), BSD loopback
        while True:
            rec = f.read(16)
            if len(rec) < 16:
                return
            sec, frac, length, _ = struct.unpack(order + "IIII", rec)
            ip = f.read(length)[skip:]
            if not ip:
                continue
            if ip[0] >> 4 == 4 and ip[9] == 6:
                tcp = ip[(ip[0] & 15) * 4:]
            elif ip[0] >> 4 == 6 and ip[6] == 6:
                tcp = ip[40:]
            else:
                continue
            data = tcp[(tcp[12] >> 4) * 4:]
            if data:
                yield sec + frac / (1e9 if nanos else 1e6), *struct.unpack(">HH", tcp[:4]), data


def read(path, ws_port, llm_port):
    """The chat sockets ({"user", "turns": [[t_message, t_turn_frame]]}) and each user's LLM calls ([start, last])."""
    sockets, open_sockets = [], {}  # client port -> its socket now (ports are reused within a run)
    calls, open_calls = defaultdict(list), {}  # service-side port of an LLM connection -> [call, request bytes or None]
    for ts, src, dst, data in payloads(path):
        if dst == ws_port:
            if data.startswith(b"GET "):
                m = TOKEN.search(data)
                if m:
                    claims = json.loads(base64.urlsafe_b64decode(m.group(1) + b"=" * (-len(m.group(1)) % 4)))
                    open_sockets[src] = {"user": hashlib.sha256(claims["sub"].encode()).hexdigest()[:32], "turns": []}
                    sockets.append(open_sockets[src])
            elif src in open_sockets and data[0] & 0x0F == 1:  # a text frame from the client: a message
                turns = open_sockets[src]["turns"]
                if not turns or turns[-1][1] is not None:
                    turns.append([ts, None])
        elif src == ws_port and dst in open_sockets:
            turns = open_sockets[dst]["turns"]
            if turns and turns[-1][1] is None and (b'"type":"turn"' in data or b'"type":"error"' in data):
                turns[-1][1] = ts
        elif dst == llm_port:
            if data.startswith(b"POST "):
                open_calls[src] = [[ts, None], data]
            elif src in open_calls and open_calls[src][1] is not None:
                open_calls[src][1] += data
            call = open_calls.get(src)
            if call and call[1] is not None:
                m = END_USER.search(call[1])
                if m:
                    calls[m.group(1).decode()].append(call[0])
                    call[1] = None
        elif src == llm_port and dst in open_calls:
            open_calls[dst][0][1] = ts
    return sockets, calls


def pct(xs, q):
    xs = sorted(xs)
    return round(xs[max(0, min(len(xs) - 1, int(-(-q * len(xs) // 1)) - 1))], 2) if xs else None


def paired_turns(path, ws_port, llm_port):
    """For every turn: (turn number, its own ms, the service's three windows as (part, start, end)) when it pairs with
    exactly two LLM calls of its user, else None."""
    sockets, calls = read(path, ws_port, llm_port)
    for s in sockets:
        mine_all = sorted(c for c in calls.get(s["user"], []) if c[1] is not None)
        for n, (t0, t1) in enumerate(s["turns"], 1):
            mine = [c for c in mine_all if t1 is not None and t0 <= c[0] <= t1]
            if len(mine) != 2:
                yield None
                continue
            ms = (t1 - t0 - sum(c[1] - c[0] for c in mine)) * 1e3
            yield n, ms, (("before", t0, mine[0][0]), ("between", mine[0][1], mine[1][0]), ("after", mine[1][1], t1))


def wire(path, ws_port, llm_port):
    own, unpaired = [], 0
    by_turn, parts, turn_parts = defaultdict(list), defaultdict(list), defaultdict(lambda: defaultdict(list))
    for t in paired_turns(path, ws_port, llm_port):
        if t is None:
            unpaired += 1
            continue
        n, ms, windows = t
        own.append(ms)
        by_turn[n].append(ms)
        for part, start, end in windows:
            parts[part].append((end - start) * 1e3)
            turn_parts[n][part].append((end - start) * 1e3)
    return {"turns": len(own), "unpaired": unpaired, "ownP50": pct(own, .5), "ownP90": pct(own, .9),
            "ownP99": pct(own, .99), "ownMax": round(max(own), 2) if own else None,
            "parts": {k: [pct(v, .5), pct(v, .99)] for k, v in parts.items()},
            "byTurn": {n: [pct(v, .5), pct(v, .99)] for n, v in sorted(by_turn.items())},
            "partsByTurn": {n: {k: [pct(v, .5), pct(v, .99)] for k, v in ps.items()} for n, ps in sorted(turn_parts.items())}}


def main():
    path = sys.argv[1]
    ws_port = int(sys.argv[2]) if len(sys.argv) > 2 else 8181
    llm_port = int(sys.argv[3]) if len(sys.argv) > 3 else 8399
    result = json.loads(sys.stdin.read())
    try:
        result["wire"] = wire(path, ws_port, llm_port)
    except (OSError, ValueError, struct.error) as e:  # no capture (tcpdump failed) or a truncated one: say so, keep the run
        result["wire"] = {"error": str(e)}
    print(json.dumps(result))


if __name__ == "__main__":
    main()

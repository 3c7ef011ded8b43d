#!/usr/bin/env python3
"""A Redis read as a client on this machine sees it, paced: one GET every INTERVAL ms for SECONDS, each timed from
the request's send to the reply's last byte, on one connection. Paced so the baseline does not load the machine it
measures (redis-benchmark's 20,000 GETs back to back kept Redis and a core busy for ~0.6 s in every run).

    python3 scripts/redis_baseline.py [--host 127.0.0.1] [--port 6379] [--seconds 50] [--interval-ms 20]

Prints one JSON object: p50, p99 and max (ms), n (GETs timed)."""
import argparse
import json
import socket
import time

GET = b"*2\r\n$3\r\nGET\r\n$22\r\nconcierge:load:baseline\r\n"


def reply(sock, buf=b""):
    """Reads one RESP reply to a GET (a bulk string or nil), returns the bytes after it."""
    while b"\r\n" not in buf:
        buf += sock.recv(4096)
    head, rest = buf.split(b"\r\n", 1)
    n = int(head[1:]) if head[:1] == b"$" else -1
    need = n + 2 if n >= 0 else 0
    while len(rest) < need:
        rest += sock.recv(4096)
    return rest[need:]


def main():
    a = argparse.ArgumentParser()
    a.add_argument("--host", default="127.0.0.1")
    a.add_argument("--port", type=int, default=6379)
    a.add_argument("--seconds", type=float, default=50)
    a.add_argument("--interval-ms", type=float, default=20)
    args = a.parse_args()
    sock = socket.create_connection((args.host, args.port))
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    times, end, step = [], time.monotonic() + args.seconds, args.interval_ms / 1000
    due = time.monotonic()
    while due < end:
        t0 = time.perf_counter_ns()
        sock.sendall(GET)
        reply(sock)
        times.append((time.perf_counter_ns() - t0) / 1e6)
        due += step
        time.sleep(max(0.0, due - time.monotonic()))
    times.sort()
    pct = lambda q: round(times[min(len(times) - 1, int(q * len(times)))], 3)
    print(json.dumps({"p50": pct(0.5), "p99": pct(0.99), "max": round(times[-1], 3), "n": len(times),
                      "intervalMs": args.interval_ms}))


if __name__ == "__main__":
    main()

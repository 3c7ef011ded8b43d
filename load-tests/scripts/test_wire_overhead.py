#!/usr/bin/env python3
"""Checks wire_overhead.py on a capture written here with known times: a turn's own time, its three parts, a client port
reused by another user's socket, and a turn left unpaired.   cd load-tests/scripts && python3 -m unittest test_wire_overhead"""
import base64
import hashlib
import json
import os
import struct
import tempfile
import unittest

import wire_overhead

WS, LLM = 8181, 8399


def pseudonym(user):
    return hashlib.sha256(user.encode()).hexdigest()[:32]


def token(user):
    enc = lambda d: base64.urlsafe_b64encode(json.dumps(d).encode()).rstrip(b"=")
    return enc({"alg": "RS256"}) + b"." + enc({"sub": user}) + b".c2ln"


class Capture:
    """A pcap of TCP segments over IPv4 on an Ethernet link, as `tcpdump -i lo -w` writes it."""

    def __init__(self):
        self.records = []

    def seg(self, t, src, dst, data):
        tcp = struct.pack(">HHIIBBHHH", src, dst, 0, 0, 5 << 4, 0x18, 65535, 0, 0)
        ip = struct.pack(">BBHHHBBH4s4s", 0x45, 0, 20 + len(tcp) + len(data), 0, 0, 64, 6, 0,
                         bytes([127, 0, 0, 1]), bytes([127, 0, 0, 1]))
        frame = bytes(12) + b"\x08\x00" + ip + tcp + data
        self.records.append(struct.pack("<IIII", int(t), round((t - int(t)) * 1e6), len(frame), len(frame)) + frame)

    def write(self, path):
        with open(path, "wb") as f:
            f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 262144, 1))
            f.writelines(self.records)


def turn(cap, t, client, llm_ports, user, llm_calls=2):
    """One turn at time t: message, extraction (280 ms), reply (780 ms), 2 ms before, 2 ms between, 6 ms after."""
    cap.seg(t, client, WS, b"\x81\x90" + bytes(20))  # a masked text frame
    start = t + 0.002
    for i in range(llm_calls):
        port, length = llm_ports[i], (0.280, 0.780)[i]
        body = b'{"model":"m","user":"' + pseudonym(user).encode() + b'","stream":true}'
        cap.seg(start, port, LLM, b"POST /v1/chat/completions HTTP/1.1\r\nContent-Length: 60\r\n\r\n")
        cap.seg(start + 0.0001, port, LLM, body)  # the body in a segment of its own
        cap.seg(start + length / 2, LLM, port, b"data: {}\n\n")
        cap.seg(start + length, LLM, port, b"data: [DONE]\n\n")
        start += length + 0.002
    cap.seg(t + 0.3, WS, client, b'\x81\x20{"type":"turn_started"}')
    cap.seg(start - 0.002 + 0.006, WS, client, b'\x81\x30{"turn":{},"type":"turn"}')


class WireOverheadTest(unittest.TestCase):

    def measure(self, cap):
        path = os.path.join(tempfile.mkdtemp(), "c.pcap")
        cap.write(path)
        return wire_overhead.wire(path, WS, LLM)

    def test_a_turns_own_time_is_its_time_at_the_port_minus_its_llm_calls(self):
        cap = Capture()
        cap.seg(1.0, 50000, WS, b"GET /ws/chat?access_token=" + token("u1") + b" HTTP/1.1\r\n\r\n")
        turn(cap, 10.0, 50000, (40000, 40001), "u1")
        w = self.measure(cap)
        self.assertEqual(1, w["turns"])
        self.assertEqual(0, w["unpaired"])
        self.assertAlmostEqual(10.0, w["ownP99"], delta=0.01)
        self.assertAlmostEqual(2.0, w["parts"]["before"][0], delta=0.01)
        self.assertAlmostEqual(2.0, w["parts"]["between"][0], delta=0.01)
        self.assertAlmostEqual(6.0, w["parts"]["after"][0], delta=0.01)

    def test_a_reused_client_port_is_a_new_users_socket(self):
        cap = Capture()
        cap.seg(1.0, 50000, WS, b"GET /ws/chat?access_token=" + token("u1") + b" HTTP/1.1\r\n\r\n")
        cap.seg(2.0, 50001, WS, b"GET /ws/chat?access_token=" + token("u2") + b" HTTP/1.1\r\n\r\n")
        turn(cap, 10.0, 50000, (40000, 40001), "u1")
        cap.seg(12.0, 50000, WS, b"GET /ws/chat?access_token=" + token("u3") + b" HTTP/1.1\r\n\r\n")
        # u2's turn overlaps u3's; each must take its own user's calls, not the other's
        turn(cap, 13.0, 50001, (40002, 40003), "u2")
        turn(cap, 13.001, 50000, (40004, 40005), "u3")
        w = self.measure(cap)
        self.assertEqual(3, w["turns"])
        self.assertEqual(0, w["unpaired"])
        self.assertAlmostEqual(10.0, w["ownP50"], delta=0.01)  # a turn paired with another user's calls would differ
        self.assertAlmostEqual(10.0, w["ownMax"], delta=0.01)

    def test_a_turn_without_both_llm_calls_is_left_out(self):
        cap = Capture()
        cap.seg(1.0, 50000, WS, b"GET /ws/chat?access_token=" + token("u1") + b" HTTP/1.1\r\n\r\n")
        turn(cap, 10.0, 50000, (40000, 40001), "u1", llm_calls=1)
        w = self.measure(cap)
        self.assertEqual(0, w["turns"])
        self.assertEqual(1, w["unpaired"])


if __name__ == "__main__":
    unittest.main()

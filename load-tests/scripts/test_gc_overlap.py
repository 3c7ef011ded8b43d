#!/usr/bin/env python3
"""Checks gc_overlap.py: pauses read from a JDK 17 GC log, and a pause counted against a turn only when it falls in one of
the service's windows of that turn, not in the LLM's time.   cd load-tests/scripts && python3 -m unittest test_gc_overlap"""
import os
import tempfile
import unittest

import gc_overlap

LOG = """[2026-12-06T11:13:04.321+0000][560.285s] GC(208) Pause Young (Normal) (G1 Evacuation Pause) 249M->113M(300M) 5.188ms
[2026-12-06T11:13:04.400+0000][560.364s] GC(208) User=0.01s Sys=0.00s Real=0.01s
[2026-12-06T11:13:06.612+0000][562.576s] GC(209) Pause Remark 120M->118M(300M) 2.000ms
"""


def windows(t0, before=0.001, llm1=0.280, between=0.001, llm2=0.780, after=0.002):
    """A turn starting at t0: the service's three windows around two LLM calls."""
    a = t0 + before
    b = a + llm1
    c = b + between
    d = c + llm2
    return (("before", t0, a), ("between", b, c), ("after", d, d + after))


class GcOverlapTest(unittest.TestCase):

    def test_pauses_are_read_with_their_wall_clock_start_and_end(self):
        path = os.path.join(tempfile.mkdtemp(), "gc.log")
        with open(path, "w") as f:
            f.write(LOG)
        ps = gc_overlap.pauses(path)
        self.assertEqual(2, len(ps))
        start, end = ps[0]
        self.assertAlmostEqual(5.188, (end - start) * 1e3, places=3)
        self.assertAlmostEqual(1796555584.321, end, places=3)  # 2026-12-06T11:13:04.321Z

    def test_a_pause_counts_only_inside_the_services_windows_of_a_turn(self):
        slow = (12.0, windows(100.0))
        fast = [(2.0, windows(200.0 + i)) for i in range(3)]
        in_after = slow[1][2][1] + 0.0005  # inside the slow turn's "after" window
        in_llm = 100.0 + 0.1  # during the slow turn's extraction: the LLM's time, not the service's
        touched = gc_overlap.overlap([slow] + fast, {"service": [(in_after, in_after + 0.005)]})
        self.assertEqual(1, touched["jvms"]["service"]["slowestTouched"])
        self.assertEqual(1, touched["slowestTouchedByAny"])
        self.assertEqual(2.0, touched["p99Untouched"])
        untouched = gc_overlap.overlap([slow] + fast, {"fake": [(in_llm, in_llm + 0.005)]})
        self.assertEqual(0, untouched["jvms"]["fake"]["slowestTouched"])
        self.assertEqual(12.0, untouched["p99Untouched"])


if __name__ == "__main__":
    unittest.main()

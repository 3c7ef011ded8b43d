"""heap_owners.py on small HPROF dumps written here, with known objects and references."""
import os
import struct
import tempfile
import unittest

import heap_owners


def _record(tag, body):
    return struct.pack(">BII", tag, 0, len(body)) + body


def _dump(path, owners):
    """A dump with java.lang.String (one reference field) and dev.Owner (one reference and one int field); each owner
    holds a String of `owners` bytes; one owner-less String of 5 bytes is held by a root only."""
    ids = iter(range(0x1000, 0x100000, 8))
    out = bytearray(b"JAVA PROFILE 1.0.2\0" + struct.pack(">IQ", 8, 0))
    classes = {}
    for name in ("java/lang/String", "dev/Owner", "java/lang/Object"):
        name_id, class_id = next(ids), next(ids)
        out += _record(0x01, struct.pack(">Q", name_id) + name.encode())
        out += _record(0x02, struct.pack(">IQIQ", 0, class_id, 0, name_id))
        classes[name] = class_id
    field_name = next(ids)
    out += _record(0x01, struct.pack(">Q", field_name) + b"f")
    heap = bytearray()

    def class_dump(class_id, super_id, fields):
        heap.extend(struct.pack(">BQIQQQQQQI", 0x20, class_id, 0, super_id, 0, 0, 0, 0, 0, 12))
        heap.extend(struct.pack(">HH", 0, 1) + struct.pack(">QBi", field_name, 10, 7))  # no constants, a static int
        heap.extend(struct.pack(">H", len(fields)) + b"".join(struct.pack(">QB", field_name, t) for t in fields))

    class_dump(classes["java/lang/Object"], 0, [])
    class_dump(classes["java/lang/String"], classes["java/lang/Object"], [2])
    class_dump(classes["dev/Owner"], classes["java/lang/Object"], [10, 2])  # an int, then the String

    def string(n):
        array_id, string_id = next(ids), next(ids)
        heap.extend(struct.pack(">BQIIB", 0x23, array_id, 0, n, 8) + b"x" * n)
        heap.extend(struct.pack(">BQIQI", 0x21, string_id, 0, classes["java/lang/String"], 8)
                    + struct.pack(">Q", array_id))
        return string_id

    loose = string(5)
    heap.extend(struct.pack(">BQ", 0x05, loose))  # a sticky-class root naming it, to exercise root records
    for n in owners:
        s = string(n)
        owner = next(ids)
        heap.extend(struct.pack(">BQIQI", 0x21, owner, 0, classes["dev/Owner"], 12) + struct.pack(">iQ", 42, s))
    # the list that keeps the owners is an Object[], generic, so each owner stays its own owner
    out += _record(0x1c, bytes(heap)) + _record(0x2c, b"")
    with open(path, "wb") as f:
        f.write(out)


class HeapOwnersTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()

    def tearDown(self):
        self.dir.cleanup()

    def owners(self, sizes):
        path = os.path.join(self.dir.name, f"d{len(sizes)}.hprof")
        _dump(path, sizes)
        return heap_owners.by_owner(*heap_owners.read(path))

    def test_a_strings_bytes_are_charged_to_the_object_that_holds_the_string(self):
        owners = self.owners([100, 20])
        # each owner: itself (16 + 12) + its String (16 + 8) + the String's bytes (16 + n)
        self.assertEqual([2 * 68 + 120, 6], owners["dev.Owner"])
        self.assertEqual([16 + 8 + 16 + 5, 2], owners["(JDK only)"])

    def test_the_difference_is_what_the_loaded_dump_holds_beyond_the_idle_one(self):
        rows = heap_owners.difference(self.owners([100, 20, 7]), self.owners([100]))
        self.assertEqual((2 * 68 + 27, 6, "dev.Owner"), rows[0])
        self.assertEqual((0, 0, "(JDK only)"), rows[1])


if __name__ == "__main__":
    unittest.main()

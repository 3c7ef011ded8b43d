#!/usr/bin/env python3
"""What a loaded service holds that an idle one does not, by owner: the shallow bytes of every object in a heap dump,
charged to its first owner that is not a JDK class, an array or a JCTools queue, up the chain of first referrers (a
String's bytes to the String, the String to, say, LangChain4j's HttpRequest). Two dumps, one under load and one idle,
each after a full GC (jcmd writes only live objects): the difference is what the open sockets and in-flight turns keep
alive, which is what a young collection copies (load-tests/README.md, *Measured in session 25*).

    jcmd PID GC.heap_dump /tmp/load.hprof      # during a run at 200
    jcmd PID GC.heap_dump /tmp/idle.hprof      # after it
    python3 load-tests/scripts/heap_owners.py /tmp/load.hprof /tmp/idle.hprof [--top 40]

The first referrer is whichever reference the dump lists first, not a dominator: good enough to name the owners, not to
sum a retained size. Its test: `cd load-tests/scripts && python3 -m unittest test_heap_owners`."""
import argparse
import collections
import struct

_PRIMITIVE = {4: ("[Z", 1), 5: ("[C", 2), 6: ("[F", 4), 7: ("[D", 8), 8: ("[B", 1), 9: ("[S", 2), 10: ("[I", 4),
              11: ("[J", 8)}
_FIELD_SIZE = {2: 8, 4: 1, 5: 2, 6: 4, 7: 8, 8: 1, 9: 2, 10: 4, 11: 8}
_ROOT_SIZE = {0xff: 8, 0x01: 16, 0x02: 16, 0x03: 16, 0x04: 12, 0x05: 8, 0x06: 12, 0x07: 8, 0x08: 16}


def read(path):
    """{object id: (class name, shallow bytes)} and {object id: the id of its first referrer} of an HPROF dump."""
    with open(path, "rb") as f:
        data = f.read()
    p = data.index(b"\0") + 1
    if struct.unpack_from(">I", data, p)[0] != 8:
        raise SystemExit("only dumps with 8-byte ids are read")
    p += 12
    strings, class_names, class_fields, instances = {}, {}, {}, []
    objects, first_referrer = {}, {}

    def refer(child, parent):
        if child and child not in first_referrer:
            first_referrer[child] = parent

    while p < len(data):
        tag = data[p]
        length = struct.unpack_from(">I", data, p + 5)[0]
        body, p = p + 9, p + 9 + length
        if tag == 0x01:
            strings[struct.unpack_from(">Q", data, body)[0]] = data[body + 8:p].decode("utf-8", "replace")
        elif tag == 0x02:
            class_id, name_id = struct.unpack_from(">4xQ4xQ", data, body)
            class_names[class_id] = strings.get(name_id, "?").replace("/", ".")
        elif tag in (0x0c, 0x1c):
            q = body
            while q < p:
                sub = data[q]
                q += 1
                if sub in _ROOT_SIZE:
                    q += _ROOT_SIZE[sub]
                elif sub == 0x20:  # class: its instance fields' types, for reading its instances' references
                    class_id, super_id = struct.unpack_from(">Q4xQ", data, q)
                    q += 64
                    count = struct.unpack_from(">H", data, q)[0]
                    q += 2
                    for _ in range(count):  # constant pool: index, type, value
                        q += 3 + _FIELD_SIZE[data[q + 2]]
                    count = struct.unpack_from(">H", data, q)[0]
                    q += 2
                    for _ in range(count):  # static fields: name, type, value
                        q += 9 + _FIELD_SIZE[data[q + 8]]
                    count = struct.unpack_from(">H", data, q)[0]
                    q += 2
                    class_fields[class_id] = (super_id, [data[q + 9 * i + 8] for i in range(count)])
                    q += 9 * count
                elif sub == 0x21:  # instance
                    object_id, class_id, size = struct.unpack_from(">Q4xQI", data, q)
                    q += 24
                    instances.append((object_id, class_id, q))
                    objects[object_id] = (class_id, 16 + size)
                    q += size
                elif sub == 0x22:  # object array
                    object_id, count, class_id = struct.unpack_from(">Q4xIQ", data, q)
                    q += 24
                    objects[object_id] = ("array", class_id, 16 + 8 * count)
                    for i in range(count):
                        refer(struct.unpack_from(">Q", data, q + 8 * i)[0], object_id)
                    q += 8 * count
                elif sub == 0x23:  # primitive array
                    object_id, count, kind = struct.unpack_from(">Q4xIB", data, q)
                    q += 17
                    name, width = _PRIMITIVE[kind]
                    objects[object_id] = (name, 16 + width * count)
                    q += width * count
                else:
                    raise SystemExit(f"unknown heap dump record {sub:#x}")
    layouts = {}
    for object_id, class_id, q in instances:
        if class_id not in layouts:
            fields, c = [], class_id
            while c in class_fields:
                fields.extend(class_fields[c][1])
                c = class_fields[c][0]
            layouts[class_id] = fields
        for kind in layouts[class_id]:
            if kind == 2:
                refer(struct.unpack_from(">Q", data, q)[0], object_id)
            q += _FIELD_SIZE[kind]
    named = {}
    for object_id, o in objects.items():
        if o[0] == "array":
            named[object_id] = (class_names.get(o[1], "?") + "[]", o[2])
        elif isinstance(o[0], str):
            named[object_id] = o
        else:
            named[object_id] = (class_names.get(o[0], "?"), o[1])
    return named, first_referrer


def _generic(name):
    return name.startswith(("java.", "jdk.", "[", "org.jctools.")) or name.endswith("[]")


def by_owner(objects, first_referrer, depth=15):
    """{owner class: [bytes, objects]}: each object charged to its first non-generic owner up its first referrers."""
    out = collections.defaultdict(lambda: [0, 0])
    for object_id, (name, size) in objects.items():
        owner, x = None, object_id
        for _ in range(depth):
            if x not in objects:
                break
            if not _generic(objects[x][0]):
                owner = objects[x][0]
                break
            x = first_referrer.get(x)
        out[owner or "(JDK only)"][0] += size
        out[owner or "(JDK only)"][1] += 1
    return out


def difference(loaded, idle):
    """[(bytes, objects, owner)] that the loaded dump holds beyond the idle one, most bytes first."""
    rows = [(b - idle.get(k, (0, 0))[0], n - idle.get(k, (0, 0))[1], k) for k, (b, n) in loaded.items()]
    return sorted(rows, key=lambda r: -r[0])


def main(argv=None):
    args = argparse.ArgumentParser(description="what a loaded service holds beyond an idle one, by owner")
    args.add_argument("loaded", help="heap dump taken under load")
    args.add_argument("idle", help="heap dump taken idle")
    args.add_argument("--top", type=int, default=40, help="owners to print")
    a = args.parse_args(argv)
    rows = difference(by_owner(*read(a.loaded)), by_owner(*read(a.idle)))
    print(f"{sum(r[0] for r in rows if r[0] > 0) / 1e6:.1f} MB more under load; by owner (bytes, objects):")
    for b, n, owner in rows[:a.top]:
        print(f"{b:>10} {n:>8}  {owner}")


if __name__ == "__main__":
    main()

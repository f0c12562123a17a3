#!/usr/bin/env python3
"""Converts a data frame from an R package's lazy-load database (data/Rdata.rdx + .rdb)
to CSV, without R. Reads R's XDR serialization format (versions 2 and 3) as far as
data frames need: vectors, factors, pairlists, symbols, references, compact sequences.

usage: rdata2csv.py PATH/TO/data/Rdata NAME OUT.csv
"""
import bz2, gzip, lzma, struct, sys, zlib


class Reader:
    def __init__(self, data):
        self.d, self.p, self.refs = data, 0, []

    def int(self):
        v = struct.unpack(">i", self.d[self.p:self.p + 4])[0]
        self.p += 4
        return v

    def header(self):
        fmt = self.d[self.p:self.p + 2]
        assert fmt == b"X\n", "only XDR serialization is supported"
        self.p += 2
        version = self.int()
        self.int()
        self.int()
        if version == 3:
            n = self.int()
            self.p += n
        return self.item()

    def item(self):
        flags = self.int()
        t, has_attr, has_tag = flags & 0xFF, flags & (1 << 9), flags & (1 << 10)
        if t == 254:  # NILVALUE
            return None
        if t in (253, 242, 241, 251, 252, 247):  # global/empty/base env, missing, unbound, base namespace
            return None
        if t == 255:  # REFSXP
            i = flags >> 8
            if i == 0:
                i = self.int()
            return self.refs[i - 1]
        if t in (249, 250):  # namespace / package: a string vector of names
            self.int()
            n = self.int()
            names = [self.item() for _ in range(n)]
            self.refs.append(("namespace", names))
            return self.refs[-1]
        if t == 1:  # SYMSXP
            s = ("sym", self.item())
            self.refs.append(s)
            return s
        if t in (2, 6, 239, 240):  # pairlists and calls
            attr = self.item() if has_attr else None
            tag = self.item() if has_tag else None
            car = self.item()
            cdr = self.item()
            rest = cdr if isinstance(cdr, list) else []
            return [(tag[1] if tag else None, car)] + rest
        if t == 4:  # ENVSXP
            self.int()
            env = {}
            self.refs.append(env)
            self.item(); self.item(); self.item(); self.item()
            return env
        if t == 9:  # CHARSXP
            n = self.int()
            if n == -1:
                return None
            s = self.d[self.p:self.p + n].decode("utf-8", "replace")
            self.p += n
            return s
        if t == 238:  # ALTREP
            info, state, attr = self.item(), self.item(), self.item()
            cls = info[0][1][1]
            if cls == "compact_intseq":
                n, start, step = state
                return Vec([int(start + i * step) for i in range(int(n))], attr)
            if cls == "compact_realseq":
                n, start, step = state
                return Vec([start + i * step for i in range(int(n))], attr)
            if cls.startswith("wrap_"):
                return state[0][1] if isinstance(state, list) else state
            if cls == "deferred_string":
                return Vec([str(x) for x in state[0][1]], attr)
            raise ValueError("unsupported ALTREP class " + cls)
        if t in (10, 13):  # LGLSXP, INTSXP
            n = self.int()
            v = list(struct.unpack(">%di" % n, self.d[self.p:self.p + 4 * n]))
            self.p += 4 * n
            v = [None if x == -2147483648 else x for x in v]
        elif t == 14:  # REALSXP
            n = self.int()
            v = list(struct.unpack(">%dd" % n, self.d[self.p:self.p + 8 * n]))
            self.p += 8 * n
        elif t in (16, 19, 20):  # STRSXP, VECSXP, EXPRSXP
            n = self.int()
            v = [self.item() for _ in range(n)]
        else:
            raise ValueError("unsupported SEXP type %d" % t)
        attr = self.item() if has_attr else None
        return Vec(v, attr)


class Vec(list):
    def __init__(self, values, attr):
        super().__init__(values)
        self.attr = {k: v for k, v in (attr or [])}


def load(base, name):
    with open(base + ".rdx", "rb") as f:
        raw = f.read()
    index = Reader(gzip.decompress(raw) if raw[:2] == b"\x1f\x8b" else zlib.decompress(raw[4:])).header()
    index = {k: v for k, v in zip(index.attr["names"], index)}
    variables = {k: v for k, v in zip(index["variables"].attr["names"], index["variables"])}
    offset, length = variables[name]
    with open(base + ".rdb", "rb") as f:
        f.seek(int(offset))
        blob = f.read(int(length))
    compressed = index.get("compressed", [True])[0]
    if compressed in (2, 3):
        kind, body = blob[4:5], blob[5:]
        data = {b"Z": zlib.decompress, b"2": bz2.decompress, b"X": lzma.decompress, b"0": lambda b: b}[kind](body)
    else:
        data = zlib.decompress(blob[4:])
    return Reader(data).header()


def main():
    base, name, out = sys.argv[1], sys.argv[2], sys.argv[3]
    frame = load(base, name)
    names = frame.attr["names"]
    cols = []
    for col in frame:
        levels = col.attr.get("levels")
        cols.append([levels[x - 1] if levels and x is not None else x for x in col])
    with open(out, "w") as f:
        f.write(",".join(names) + "\n")
        for row in zip(*cols):
            f.write(",".join("" if v is None else (repr(v) if isinstance(v, float) and v != int(v) else
                                                   str(int(v)) if isinstance(v, float) else str(v)) for v in row) + "\n")
    print("%s: %d rows, columns %s -> %s" % (name, len(cols[0]), names, out))


if __name__ == "__main__":
    main()

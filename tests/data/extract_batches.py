#!/usr/bin/env python3
"""Extract the record batches carried by the Produce requests of the golden Kafka captures.

Each capture line is one Kafka frame in hex. For every Produce request (v3-v8, the versions that carry
magic v2 record batches and use request header v1) the `records` field of every partition is written
as one line of lowercase hex to <out-dir>/<capture-stem>.hex. A line is a batch set: one or more
concatenated record batches, exactly as the client sent them.

Usage: extract_batches.py [captures-dir] [out-dir]
Standard library only, so that the test data can be regenerated anywhere.
"""

import json
import pathlib
import struct
import sys

HERE = pathlib.Path(__file__).resolve().parent
DEFAULT_CAPTURES = pathlib.Path("/work/shared/kafka-protocol/captures")
DEFAULT_OUT = HERE / "record_batches"

# The produce flows: every one sends 20 keyed records, in one codec or with idempotence.
PATTERNS = (
    "librdkafka-kcat-produce-*.jsonl",
    "kafka-python-produce-*.jsonl",
    "java-console-producer-*.jsonl",
    "kafkajs-produce-*.jsonl",
)

PRODUCE_API_KEY = 0


class Cursor:
    def __init__(self, data: bytes):
        self.data = data
        self.pos = 0

    def take(self, n: int) -> bytes:
        if n < 0 or self.pos + n > len(self.data):
            raise ValueError(f"truncated: need {n} bytes at offset {self.pos} of {len(self.data)}")
        chunk = self.data[self.pos:self.pos + n]
        self.pos += n
        return chunk

    def int16(self) -> int:
        return struct.unpack(">h", self.take(2))[0]

    def int32(self) -> int:
        return struct.unpack(">i", self.take(4))[0]

    def nullable_string(self):
        length = self.int16()
        return None if length < 0 else self.take(length).decode("utf-8")

    def nullable_bytes(self):
        length = self.int32()
        return None if length < 0 else self.take(length)


def produce_record_sets(frame: bytes):
    """Yields the non-null `records` fields of one Produce request frame, in wire order."""
    cur = Cursor(frame)
    size = cur.int32()
    if size != len(frame) - 4:
        raise ValueError(f"length prefix {size} does not match frame size {len(frame) - 4}")
    api_key, api_version = cur.int16(), cur.int16()
    if api_key != PRODUCE_API_KEY:
        return
    if not 3 <= api_version <= 8:
        raise ValueError(f"Produce v{api_version} is not handled (only v3-v8)")
    cur.int32()  # correlation id
    cur.nullable_string()  # client id
    cur.nullable_string()  # transactional id
    cur.int16()  # acks
    cur.int32()  # timeout
    for _ in range(cur.int32()):
        cur.nullable_string()  # topic name
        for _ in range(cur.int32()):
            cur.int32()  # partition index
            records = cur.nullable_bytes()
            if records:
                yield records


def extract(capture: pathlib.Path, out_dir: pathlib.Path) -> int:
    lines = []
    with capture.open(encoding="utf-8") as f:
        for line in f:
            frame = json.loads(line)
            if frame["dir"] != "request" or frame["api_key"] != PRODUCE_API_KEY:
                continue
            lines.extend(records.hex() for records in produce_record_sets(bytes.fromhex(frame["hex"])))
    if lines:
        (out_dir / (capture.stem + ".hex")).write_text("\n".join(lines) + "\n", encoding="ascii")
    return len(lines)


def main(argv) -> int:
    captures = pathlib.Path(argv[1]) if len(argv) > 1 else DEFAULT_CAPTURES
    out_dir = pathlib.Path(argv[2]) if len(argv) > 2 else DEFAULT_OUT
    out_dir.mkdir(parents=True, exist_ok=True)
    sources = sorted({path for pattern in PATTERNS for path in captures.glob(pattern)})
    if not sources:
        print(f"no produce captures found in {captures}", file=sys.stderr)
        return 1
    for source in sources:
        count = extract(source, out_dir)
        print(f"{source.name}: {count} record set(s)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

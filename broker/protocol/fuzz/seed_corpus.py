#!/usr/bin/env python3
"""Writes the request frames of the golden captures (size prefix removed) as a libFuzzer seed corpus.

Usage: seed_corpus.py CAPTURES_DIR CORPUS_DIR
"""
import json
import os
import sys


def main(captures, corpus):
    os.makedirs(corpus, exist_ok=True)
    count = 0
    for name in sorted(os.listdir(captures)):
        if not name.endswith(".jsonl"):
            continue
        with open(os.path.join(captures, name), encoding="utf-8") as handle:
            for number, line in enumerate(handle):
                frame = json.loads(line)
                if frame["dir"] != "request":
                    continue
                path = os.path.join(corpus, f"{name[:-6]}-{number}")
                with open(path, "wb") as out:
                    out.write(bytes.fromhex(frame["hex"])[4:])
                count += 1
    print(f"seeded {count} request frames into {corpus}")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])

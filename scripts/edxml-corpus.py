#!/usr/bin/env python3
"""Regenerates cqdt's edXML interoperability corpus under tests/edxml/.

    python3 scripts/edxml-corpus.py          # rewrite every package and expectations.tsv
    python3 scripts/edxml-corpus.py --check  # also run xmllint, xmlsec1 and a reference reader

Standard library only, plus the `xmlsec1` CLI (signatures) and `openssl` (only when the test key
under tests/edxml/keys/ is missing: it is generated once and committed). Every identifier, date
and key is fixed, and zip members carry a fixed timestamp, so a rerun is byte-identical (with the
same zlib: deflate output is not promised to be stable across zlib versions). The builders live
in scripts/edxml_corpus/.

Every package is invented for cqdt; none is copied from another system's samples.
"""

import argparse
import pathlib
import shutil
import sys

sys.dont_write_bytecode = True  # keep scripts/ free of __pycache__
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))

from edxml_corpus.accept_cases import build_accept  # noqa: E402
from edxml_corpus.check import check  # noqa: E402
from edxml_corpus.config import CORPUS, ROOT, TSV_HEADER  # noqa: E402
from edxml_corpus.refuse_cases import build_refuse  # noqa: E402
from edxml_corpus.registry import OUT  # noqa: E402
from edxml_corpus.signing import ensure_keys  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="validate the written corpus")
    args = ap.parse_args()
    for tool in ("xmlsec1", "openssl") + (("xmllint",) if args.check else ()):
        if shutil.which(tool) is None:
            sys.exit(f"{tool} not found")
    ensure_keys()
    build_accept()
    build_refuse()
    for sub in ("accept", "refuse"):
        shutil.rmtree(CORPUS / sub, ignore_errors=True)
        (CORPUS / sub).mkdir(parents=True)
    for path, data, _ in OUT:
        (CORPUS / path).write_bytes(data)
    rows = [row for _, _, row in OUT]
    with open(CORPUS / "expectations.tsv", "w", encoding="utf-8", newline="\n") as f:
        for row in [TSV_HEADER] + rows:
            f.write("\t".join(row) + "\n")
    print(f"wrote {len(rows)} packages and expectations.tsv under {CORPUS.relative_to(ROOT)}")
    if args.check:
        failures = check(rows)
        for line in failures:
            print("FAIL", line)
        print(f"check: {len(rows) - len({f.split(':')[0] for f in failures})}/{len(rows)} ok")
        sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()

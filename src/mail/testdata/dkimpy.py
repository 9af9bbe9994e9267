#!/usr/bin/python3
"""Test helper for dkim_interop_test.cpp: DKIM by dkimpy (Debian python3-dkim), an implementation
independent of cqdt's.

  dkimpy.py verify MESSAGE RECORD_FILE             exit 0 when a signature verifies, 1 otherwise
  dkimpy.py sign MESSAGE KEY_PEM HEADER/BODY OUT   sign with canonicalization HEADER/BODY
                                                   (simple or relaxed), d=angiang.gov.vn s=py
RECORD_FILE holds the DNS TXT value that every key lookup answers.
"""
import sys

import dkim


def main():
    if sys.argv[1] == "verify":
        message = open(sys.argv[2], "rb").read()
        record = open(sys.argv[3], "rb").read().strip()
        ok = dkim.verify(message, dnsfunc=lambda name, timeout=5: record)
        print("dkimpy verify:", ok)
        return 0 if ok else 1
    if sys.argv[1] == "sign":
        message = open(sys.argv[2], "rb").read()
        key = open(sys.argv[3], "rb").read()
        header, body = sys.argv[4].split("/")
        signature = dkim.sign(message, b"py", b"angiang.gov.vn", key,
                              canonicalize=(header.encode(), body.encode()))
        open(sys.argv[5], "wb").write(signature + message)
        return 0
    return 2


if __name__ == "__main__":
    sys.exit(main())

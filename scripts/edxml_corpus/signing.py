"""The test-only key pair and enveloped XML-DSig through the xmlsec1 CLI."""

import pathlib
import subprocess
import sys
import tempfile

from .config import CERT_PEM, KEY_PEM, KEYS


_subject = None


def ensure_keys():
    if KEY_PEM.exists() and CERT_PEM.exists():
        return
    KEYS.mkdir(parents=True, exist_ok=True)
    print("generating a new TEST-ONLY key pair (signed packages will change)", file=sys.stderr)
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-sha256",
                    "-days", "7300", "-keyout", str(KEY_PEM), "-out", str(CERT_PEM), "-subj",
                    "/C=VN/ST=An Giang/O=cqdt TEST ONLY/CN=cqdt edXML test signer - not valid"],
                   check=True, capture_output=True)


def cert_subject():
    global _subject
    if _subject is None:
        out = subprocess.run(["openssl", "x509", "-in", str(CERT_PEM), "-noout", "-subject",
                              "-nameopt", "RFC2253"], check=True, capture_output=True, text=True)
        _subject = out.stdout.strip().removeprefix("subject=")
    return _subject


def xmlsec_sign(data):
    with tempfile.TemporaryDirectory() as tmp:
        src, dst = pathlib.Path(tmp, "in.xml"), pathlib.Path(tmp, "out.xml")
        src.write_bytes(data)
        subprocess.run(["xmlsec1", "--sign", "--privkey-pem", f"{KEY_PEM},{CERT_PEM}",
                        "--output", str(dst), str(src)], check=True, capture_output=True)
        return dst.read_bytes()

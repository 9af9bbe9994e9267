"""--check: xmllint, xmlsec1 and a reference reader that re-derives every accept row."""

import base64
import hashlib
import io
import pathlib
import subprocess
import zipfile
import xml.etree.ElementTree as ET

from .config import CERT_PEM, CORPUS, SIZE_LIMIT
from .payloads import MIME_ZIP


ZIP_CONTAINERS = {".zip", ".docx", ".xlsx", ".pptx", ".odt", ".ods", ".odp"}


def local(tag):
    return tag.rsplit("}", 1)[-1]


def child(e, name):
    return next((c for c in e if local(c.tag) == name), None) if e is not None else None


def text_of(e, *path):
    for name in path:
        e = child(e, name)
    return None if e is None else (e.text or "").strip()


def final_attachment(name, ctype, data):
    """The receiver rule of README.md: keep .zip; unzip application/zip or sniffed zip bytes
    (unless the name is a zip-based office format), exactly one entry."""
    ext = pathlib.PurePosixPath(name).suffix.lower()
    if ext == ".zip":
        return name, data
    if ctype == MIME_ZIP or (data[:4] == b"PK\x03\x04" and ext not in ZIP_CONTAINERS):
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            entries = z.infolist()
            assert len(entries) == 1, name
            inner = z.read(entries[0])
        if not ext:
            name += pathlib.PurePosixPath(entries[0].filename).suffix
        return name, inner
    return name, data


def read_package(path):
    root = ET.parse(path).getroot()
    if local(root.tag) in ("edXMLEnvelope", "EdXMLEnvelope"):
        msg = child(root, "MessageHeader")
        atts = [(text_of(a, "FileName"), text_of(a, "FileType"), text_of(a, "Content"))
                for a in root.iter() if local(a.tag) == "Attachment"]
        return "document", text_of(msg, "DocumentId"), "-", atts
    env = child(root, "edXMLEnvelope")
    hdr = child(env, "edXMLHeader")
    msg = child(hdr, "MessageHeader")
    msg = child(hdr, "Status") if msg is None else msg
    code = text_of(msg, "StatusCode")
    if code is not None:
        return "status", text_of(msg, "ResponseFor", "DocumentId"), code.zfill(2), []
    payload = {}
    for a in (e for e in root.iter() if local(e.tag) == "Attachment"):
        payload[text_of(a, "ContentId").removeprefix("cid:")] = (
            text_of(a, "ContentType"), text_of(a, "ContentTransferEncoded"))
    atts = []
    for ref in (e for e in root.iter() if local(e.tag) == "Reference" and child(e, "ContentId")
                is not None):
        ctype, b64 = payload[text_of(ref, "ContentId").removeprefix("cid:")]
        atts.append((text_of(ref, "AttachmentName"), ctype, b64))
    return "document", text_of(msg, "DocumentId"), "-", atts


def check(rows):
    failures = []
    signed_ok = {"accept/signed-rsa-sha1.edxml", "accept/signed-rsa-sha256.edxml"}
    for row in rows:
        path, verdict, reason = row[0], row[1], row[7]
        full = CORPUS / path
        if full.stat().st_size >= SIZE_LIMIT:
            failures.append(f"{path}: {full.stat().st_size} bytes")
        if path.endswith(".json"):
            continue
        lint = subprocess.run(["xmllint", "--noout", "--nonet", str(full)], capture_output=True)
        # xmllint exits 0 on namespace errors: read its messages too.
        lint_failed = lint.returncode != 0 or b"namespace error" in lint.stderr
        must_fail = verdict == "refuse" and reason in ("malformed", "namespace")
        # libxml2 2.9.14 calls nested internal entities a "loop" even without substitution;
        # the doctype case is refused before any entity is read, whatever the library says.
        if reason != "doctype" and lint_failed != must_fail:
            failures.append(f"{path}: xmllint rc={lint.returncode} {lint.stderr[:200]!r}")
        if path in signed_ok or reason == "signature":
            ver = subprocess.run(["xmlsec1", "--verify", "--trusted-pem", str(CERT_PEM),
                                  str(full)], capture_output=True)
            if (ver.returncode == 0) != (path in signed_ok):
                failures.append(f"{path}: xmlsec1 --verify rc={ver.returncode}")
        if verdict != "accept":
            continue
        kind, did, code, atts = read_package(full)
        first = "-"
        if atts:
            name, ctype, b64 = atts[0]
            raw = base64.b64decode("".join(b64.split()), validate=True)
            name, data = final_attachment(name, ctype, raw)
            first = f"{name}:{hashlib.sha256(data).hexdigest()}"
        got = [kind, did, code, str(len(atts)), first]
        if got != row[2:7]:
            failures.append(f"{path}: read {got}, expected {row[2:7]}")
    return failures

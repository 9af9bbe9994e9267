"""Paths, namespaces and fixed values shared by the corpus builders."""

import pathlib


ROOT = pathlib.Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "edxml"
KEYS = CORPUS / "keys"
KEY_PEM = KEYS / "test-only-signer.key.pem"
CERT_PEM = KEYS / "test-only-signer.cert.pem"

NS = "http://www.mic.gov.vn/TBT/QCVN_102_2016"
NS_GOVN = "http://www.go.vn/eDoc"
DSIG = "http://www.w3.org/2000/09/xmldsig#"
ZIP_TIME = (2025, 1, 1, 0, 0, 0)
SIZE_LIMIT = 200 * 1024
BOMB_BYTES = 100 * 1024 * 1024  # declared and real size of the zip bomb's single entry

TSV_HEADER = ["file", "verdict", "kind", "document_id", "status_code", "attachments",
              "first_attachment", "reason", "warning"]

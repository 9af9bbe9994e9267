"""The files being written and their expectations.tsv rows."""

OUT = []  # (path relative to tests/edxml, bytes, tsv row)


def accept(path, data, kind, document_id, attachments=(), status_code="-", warning="-"):
    first = attachments[0].expectation() if attachments else "-"
    OUT.append((path, data, [path, "accept", kind, document_id, status_code,
                             str(len(attachments)), first, "-", warning]))


def refuse(path, data, reason):
    OUT.append((path, data, [path, "refuse", "-", "-", "-", "-", "-", reason, "-"]))


def doc_row(path, d, data, warning="-", atts=None):
    accept(path, data, "document", d["document_id"], d["attachments"] if atts is None else atts,
           warning=warning)

"""Attachment payloads made here: a small valid PDF, ODF documents, a DOCX, zip wrappers."""

import base64
import hashlib
import io
import unicodedata
import uuid
import zipfile

from .config import ZIP_TIME
from .xmlout import esc


def fixed_uuid(label):
    return str(uuid.UUID(bytes=hashlib.sha256(label.encode()).digest()[:16], version=4))


def ascii_fold(text):
    text = text.replace("Đ", "D").replace("đ", "d")
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


def make_pdf(lines, title):
    """A one-page PDF 1.4 (Helvetica, ASCII-folded text) with a correct xref table."""
    def pdf_str(s):
        s = ascii_fold(s).replace("\\", "\\\\")
        return "(" + s.replace("(", "\\(").replace(")", "\\)") + ")"
    ops = ["BT", "/F1 12 Tf", "72 770 Td", "16 TL"]
    for i, line in enumerate(lines):
        ops.append(f"{pdf_str(line)} {'Tj' if i == 0 else chr(39)}")
    ops.append("ET")
    stream = "\n".join(ops).encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        ("<< /Title " + pdf_str(title) + " /Producer (cqdt edXML test corpus) "
         "/CreationDate (D:20250101000000+07'00') >>").encode(),
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{n} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for off in offsets:
        out += f"{off:010d} 00000 n \n".encode()
    out += (f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info {len(objects)} 0 R >>\n"
            f"startxref\n{xref}\n%%EOF\n").encode()
    return bytes(out)


class _Unseekable:
    """A write-only sink: zipfile then streams members with data descriptors (flag bit 3),
    as the Java SDKs seen in the field do."""
    def __init__(self):
        self.buf = io.BytesIO()

    def write(self, data):
        return self.buf.write(data)

    def flush(self):
        pass


def make_zip(entries, streaming=False):
    """entries: (name, bytes, stored?) in order. Fixed timestamps, Unix attributes."""
    sink = _Unseekable() if streaming else io.BytesIO()
    with zipfile.ZipFile(sink, "w") as z:
        for name, data, stored in entries:
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.create_system = 3
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            z.writestr(info, data, compresslevel=None if stored else 9)
    return (sink.buf if streaming else sink).getvalue()


def make_zip_bomb(entry_name, size):
    sink = io.BytesIO()
    with zipfile.ZipFile(sink, "w") as z:
        info = zipfile.ZipInfo(entry_name, date_time=ZIP_TIME)
        info.create_system = 3
        info.external_attr = 0o644 << 16
        info.compress_type = zipfile.ZIP_DEFLATED
        info.file_size = size
        # A streamed member takes its level from the ZipInfo: `_compresslevel` up to Python 3.12,
        # `compress_level` from 3.13 on.
        setattr(info, "compress_level" if hasattr(info, "compress_level") else "_compresslevel", 9)
        with z.open(info, "w") as w:
            chunk = bytes(1024 * 1024)
            for _ in range(size // len(chunk)):
                w.write(chunk)
    return sink.getvalue()


ODF_NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
          'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"')


def make_odf(kind, paragraphs=None, rows=None):
    """kind 'text' (.odt, paragraphs) or 'spreadsheet' (.ods, rows of cells)."""
    mime = f"application/vnd.oasis.opendocument.{kind}"
    if kind == "text":
        body = "".join(f"<text:p>{esc(p)}</text:p>" for p in paragraphs)
    else:
        body = '<table:table table:name="Bang1">' + "".join(
            "<table:table-row>" + "".join(
                f'<table:table-cell office:value-type="string"><text:p>{esc(c)}</text:p>'
                "</table:table-cell>" for c in row) + "</table:table-row>"
            for row in rows) + "</table:table>"
    content = (f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-content {ODF_NS} '
               f'office:version="1.2"><office:body><office:{kind}>{body}</office:{kind}>'
               "</office:body></office:document-content>\n")
    manifest = ('<?xml version="1.0" encoding="UTF-8"?>\n<manifest:manifest '
                'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
                'manifest:version="1.2">'
                f'<manifest:file-entry manifest:full-path="/" manifest:version="1.2" '
                f'manifest:media-type="{mime}"/>'
                '<manifest:file-entry manifest:full-path="content.xml" '
                'manifest:media-type="text/xml"/></manifest:manifest>\n')
    return make_zip([("mimetype", mime.encode(), True),
                     ("META-INF/manifest.xml", manifest.encode(), False),
                     ("content.xml", content.encode(), False)])


def make_docx(paragraphs):
    types = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
             '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
             '<Default Extension="rels" '
             'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
             '<Default Extension="xml" ContentType="application/xml"/>'
             '<Override PartName="/word/document.xml" ContentType="application/'
             'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
    rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/officeDocument" Target="word/document.xml"/></Relationships>')
    doc = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
           "<w:body>" + "".join(f"<w:p><w:r><w:t>{esc(p)}</w:t></w:r></w:p>" for p in paragraphs)
           + "</w:body></w:document>")
    return make_zip([("[Content_Types].xml", types.encode(), False),
                     ("_rels/.rels", rels.encode(), False),
                     ("word/document.xml", doc.encode(), False)])


MIME_PDF = "application/pdf"
MIME_ZIP = "application/zip"
MIME_DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class Att:
    """One attachment: `payload` is what gets base64-encoded, `final` what the receiver keeps."""
    def __init__(self, name, ctype, payload, final=None, cid=None, desc=None,
                 manifest_ctype=None, attach_cid=None, b64="line"):
        self.name, self.ctype, self.payload = name, ctype, payload
        self.final = payload if final is None else final
        self.cid = cid or "cid:" + fixed_uuid("att:" + name)
        self.attach_cid = self.cid if attach_cid is None else attach_cid
        self.desc, self.b64 = desc, b64
        self.manifest_ctype = manifest_ctype or ctype

    def encoded(self):
        if self.b64 == "wrap76":
            return base64.encodebytes(self.payload).decode()
        return base64.b64encode(self.payload).decode()

    def expectation(self):
        return f"{self.name}:{hashlib.sha256(self.final).hexdigest()}"


def pdf_att(name, lines, **kw):
    return Att(name, MIME_PDF, make_pdf(lines, lines[0]), **kw)


def zipped_att(name, inner, entry_name=None, **kw):
    """Rule 4 of edxml.md §5: a non-PDF/Office file zipped alone, sent as application/zip."""
    payload = make_zip([(entry_name or name, inner, False)], streaming=kw.pop("streaming", False))
    return Att(name, kw.pop("ctype", MIME_ZIP), payload, final=inner, **kw)

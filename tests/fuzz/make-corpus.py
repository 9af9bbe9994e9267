#!/usr/bin/env python3
"""Writes the seed corpora of the libFuzzer targets (issue 16 item 5) into tests/fuzz/corpus/.

One directory per target, a few small files each, every one a valid or nearly valid input of the
real format, so that the fuzzer starts past the parser's first checks. run-all.sh also gives each
target the test files the repository already has for its format (tests/edxml, src/mail/testdata,
src/pdf/testdata/hostile, src/org/testdata, docs/import-sample.csv). Deterministic: run it again
and commit the result when a format changes.

    python3 tests/fuzz/make-corpus.py
"""
import io
import os
import shutil
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "corpus")


def write(target, name, data):
    d = os.path.join(OUT, target)
    os.makedirs(d, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def codes():
    seeds = {
        "dossier-code": "000.00.04.H40-230414-0002",
        "dossier-code-leap-day": "000.00.31.H01-240229-9999",
        "agency-qcvn102": "000.00.00.H01",
        "agency-level3": "000.01.02.H40",
        "agency-short": "H01",
        "agency-decision20": "G22.01.03",
        "number-typed": "05/QĐ-UBND",
        "number-normative": "12/2025/QĐ-UBND",
        "number-letter": "Số: 123/UBND-VP",
        "number-units": "7/TCBC-VP-TTĐT",
        "edxml-id": "000.00.00.G22,2015/09/30,7816/VPCP-TTĐT",
        "edxml-id-normative": "000.00.00.H01,2025/01/31,12/2025/QĐ-UBND",
    }
    for name, text in seeds.items():
        write("codes", name, text)


def agency_csv():
    write("agency_csv", "minimal.csv",
          "code,name,shortName,kind\r\n000.00.00.H01,Ủy ban nhân dân tỉnh,UBND,provincial_committee\r\n")
    write("agency_csv", "bom-quoted.csv",
          "\ufeffcode,name,shortName,kind,parentCode,address,phone,email,website,validFrom,validTo,"
          "mergedIntoCode,splitFromCode\n"
          '000.00.01.H01,"Sở Nội vụ, khối ""tổng hợp""",SNV,department,000.00.00.H01,"1 Lê Lợi\n'
          'Long Xuyên",0296,snv@angiang.gov.vn,https://snv.angiang.gov.vn,2025-07-01,,,\n')
    write("agency_csv", "formula-cells.csv",
          "kind,code,name,shortName\nother,000.00.02.H01,'=HYPERLINK(\"x\"),'+84\n")


def form_data():
    b = "----cqdtBoundary7MA4YWxkTrZu0gW"
    ct = "multipart/form-data; boundary=" + b
    body = (f"--{b}\r\nContent-Disposition: form-data; name=\"dossier\"\r\n"
            "Content-Type: application/json\r\n\r\n"
            '{"procedureCode":"1.001234","channel":"counter"}\r\n'
            f"--{b}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"don.pdf\"\r\n"
            "Content-Type: application/pdf\r\n\r\n%PDF-1.7\n%%EOF\r\n"
            f"--{b}--\r\n")
    write("form_data", "dossier-and-file", ct + "\n" + body)
    b2 = "x"
    body2 = (f"preamble\r\n--{b2}\r\ncontent-disposition: form-data; name=\"a\\\"b\"; "
             "filename=\"t.txt\"; filename*=UTF-8''t%E1%BB%87p.txt\r\n\r\nv\r\n"
             f"--{b2}\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\n"
             f"Ghi chú\r\n--{b2}--\r\nepilogue")
    write("form_data", "rfc8187-name", f'multipart/form-data; boundary="{b2}"\n' + body2)
    write("form_data", "unterminated",
          "multipart/form-data; boundary=abc\n--abc\r\nContent-Disposition: form-data; "
          "name=\"x\"\r\n\r\nno end")


def http_request():
    write("http_request", "get",
          "GET /api/v1/dossiers/000.00.04.H40-230414-0002?limit=10&q=a+b%20c HTTP/1.1\r\n"
          "Host: cqdt.example.gov.vn\r\nAccept-Language: en-US,en;q=0.9,vi;q=0.8\r\n"
          "Cookie: theme=dark; cqdt_session=abc\r\nX-Request-Id: client-req-12345678\r\n\r\n")
    body = '{"reason":"Hồ sơ thiếu giấy tờ"}'
    write("http_request", "post-json",
          "POST /api/v1/dossiers/X/actions HTTP/1.1\r\nHost: h\r\n"
          "Content-Type: application/json\r\nContent-Length: "
          f"{len(body.encode())}\r\nExpect: 100-continue\r\n\r\n{body}")
    write("http_request", "chunked-pipelined",
          "POST /api/v1/signatures/verify HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n"
          "X-Forwarded-For: 203.0.113.7, 10.0.0.1\r\n\r\n"
          "5;ext=1\r\nhello\r\n0\r\nTrailer: x\r\n\r\n"
          "GET http://h/api/v1/health HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n")
    write("http_request", "http10-absolute",
          "HEAD https://h?x=1 HTTP/1.0\r\n\r\nDELETE /api/v1/session HTTP/1.1\r\nHost: h\r\n"
          "Content-Length: 0\r\n\r\n")


def json_body():
    # The first byte picks the route (json_body_fuzzer.cpp: Routes(), then the catalogue).
    write("json_body", "register", b"\x00" + '{"direction":"incoming","kind":"regular",'
          '"name":"Sổ văn bản đến","active":true,"documentTypes":[1,2]}'.encode())
    write("json_body", "dossier", b"\x01" + '{"procedureCode":"1.001234","channel":"counter",'
          '"decidingAgencyId":12,"applicant":{"name":"Nguyễn Văn A","idNumber":"001099012345"},'
          '"documents":[{"name":"Tờ khai","copies":1}],"fee":50000,"feePaid":false,'
          '"stepAgencies":["000.00.04.H40"],"note":null}'.encode())
    write("json_body", "action", b"\x02" + b'{"action":"assign","assigneeId":7,'
          b'"fileIds":["1","2"],"newAppointment":"2026-12-31"}')
    write("json_body", "outgoing", b"\x03" + '{"typeOrdinal":1,"subject":"V/v \\u0111i\\u1ec1u",'
          '"recipients":["000.00.00.H01"],"signerId":9007199254740993}'.encode())
    write("json_body", "reason-deep", b"\x04" + b'{"reason":' + b"[" * 60 + b"]" * 60 + b"}")
    write("json_body", "catalogue", b"\x05" + '{"procedures":[{"code":"1.001234","name":'
          '"Đăng ký khai sinh","level":"full","agencies":["000.00.04.H40"],"process":[{"role":'
          '"counter","hours":4}],"restartOnSupplement":true}]}'.encode())


def document_import():
    csv = ("numberText,direction,agencyCode,issuedOn,subject,files\r\n"
           "45/QĐ-UBND,đến,000.00.01.H01,15/03/2023,Về việc phê duyệt,van-ban/45.pdf;phu-luc.pdf\r\n")
    # The first byte picks the file name (document_import_fuzzer.cpp: zip, csv, json, by content).
    write("document_import", "index.csv", b"\x01" + csv.encode())
    write("document_import", "index.json", b"\x02" + '{"items":[{"Số ký hiệu":"12/UBND-VP",'
          '"direction":"outgoing","files":["a.pdf"],"pages":3}]}'.encode())
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(zipfile.ZipInfo("documents.csv", (2026, 1, 1, 0, 0, 0)), csv,
                   compress_type=zipfile.ZIP_DEFLATED)
        z.writestr(zipfile.ZipInfo("van-ban/45.pdf", (2026, 1, 1, 0, 0, 0)), "%PDF-1.7\n%%EOF\n")
        z.writestr(zipfile.ZipInfo("phu-luc.pdf", (2026, 1, 1, 0, 0, 0)), "")
    write("document_import", "package.zip", b"\x00" + buf.getvalue())
    write("document_import", "by-content", b"\x03" + b"[]")


def mime():
    write("mime", "simple.eml",
          "From: Văn thư <vanthu@angiang.gov.vn>\r\nTo: a@b.vn, \"C, D\" <c@d.vn>\r\n"
          "Cc: undisclosed-recipients:;\r\nSubject: =?utf-8?B?Q8O0bmcgdsSDbg==?= =?iso-8859-1?Q?caf=E9?=\r\n"
          "Date: Mon, 7 Dec 2026 09:00:00 +0700\r\nMessage-ID: <1@angiang.gov.vn>\r\n"
          "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b1\r\n\r\n"
          "--b1\r\nContent-Type: text/plain; charset=windows-1258\r\n"
          "Content-Transfer-Encoding: quoted-printable\r\n\r\nK=EDnh g=F2i=\r\n\r\n"
          "--b1\r\nContent-Type: application/pdf; name*=UTF-8''c%C3%B4ng-v%C4%83n.pdf\r\n"
          "Content-Disposition: attachment; filename=\"../CON.pdf\"\r\n"
          "Content-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjcKJSVFT0YK\r\n"
          "--b1\r\nContent-Type: message/rfc822\r\n\r\nSubject: fwd\r\n\r\nbody\r\n--b1--\r\n")
    write("mime", "html-only-uuencode.eml",
          "From: x@y\nSubject: t\nContent-Type: multipart/alternative; boundary=\"q\"\n\n--q\n"
          "Content-Type: text/html; charset=utf-8\n\n<p>A&amp;B<br>C</p>\n--q\n"
          "Content-Type: application/octet-stream\nContent-Transfer-Encoding: x-uuencode\n\n"
          "begin 644 a.bin\n#86)C\n`\nend\n--q--\n")


def pdf_signatures():
    # A PDF with one signature field whose ByteRange is exact (computed below), so the reader's
    # checks of a well-formed signature are reachable from the first run.
    contents = "<" + "30" * 8 + "00" * 24 + ">"
    objs = [
        "<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [4 0 R] /SigFlags 3 >> >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Annots [4 0 R] >>",
        "<< /Type /Annot /Subtype /Widget /FT /Sig /T (Sig1) /Rect [0 0 100 50] /P 3 0 R /V 5 0 R >>",
        "<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached "
        "/ByteRange [BR] /Contents " + contents + " /M (D:20261207090000+07'00') "
        "/Name (Nguyen Van A) /Reason (Ky ban hanh) >>",
    ]
    br_placeholder = "0 0000000000 0000000000 0000000000"

    def build(br):
        out = "%PDF-1.7\n"
        offsets = []
        for i, o in enumerate(objs, 1):
            offsets.append(len(out))
            out += f"{i} 0 obj\n{o.replace('[BR]', '[' + br + ']')}\nendobj\n"
        xref = len(out)
        out += f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n"
        for off in offsets:
            out += f"{off:010d} 00000 n \n"
        out += f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"
        return out

    draft = build(br_placeholder)
    start = draft.index(contents)
    end = start + len(contents)
    br = f"0 {start:010d} {end:010d} {len(draft) - end:010d}"
    final = build(br)
    assert len(final) == len(draft)
    write("pdf_signatures", "one-signature.pdf", final)


def main():
    if os.path.isdir(OUT):
        shutil.rmtree(OUT)
    for make in (codes, agency_csv, form_data, http_request, json_body, document_import, mime,
                 pdf_signatures):
        make()


if __name__ == "__main__":
    main()

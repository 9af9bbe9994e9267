"""Packages to refuse (tests/edxml/refuse/). Each carries one defect; everything else
is a valid package."""

import json

from .config import BOMB_BYTES, NS
from .packages import ORGS, doc_id, document, new_doc, status
from .payloads import MIME_ZIP, Att, fixed_uuid, make_pdf, make_zip, make_zip_bomb, pdf_att
from .registry import refuse
from .signing import xmlsec_sign
from .xmlout import E, to_bytes


def base_doc(**kw):
    fields = dict(
        from_=ORGS["snv"], to=[ORGS["sgd"]], date="2025/12/01", number="2467",
        notation="SNV-CCHC", type=(2, 7, "Thông báo"),
        subject="Thông báo kết quả kiểm tra công tác cải cách hành chính năm 2025",
        signer=("KT. GIÁM ĐỐC", "Phó Giám đốc", "Lê Hoàng Phúc"),
        attachments=[pdf_att("2467_SNV-CCHC.pdf", [
            "SỞ NỘI VỤ TỈNH AN GIANG", "Số: 2467/SNV-CCHC", "Kết quả kiểm tra CCHC năm 2025"])])
    fields.update(kw)
    return new_doc(**fields)


def replace_once(data, old, new):
    assert data.count(old) >= 1, old
    return data.replace(old, new, 1)


def base_status(**kw):
    sent = doc_id(ORGS["snv"], "2025/12/01", "2467", "SNV-CCHC")
    args = dict(from_=ORGS["sgd"], rf=(ORGS["snv"].id, "2467/SNV-CCHC", "2025/12/01", sent),
                code="03", desc="Đã vào sổ văn bản đến", ts="2025/12/01 15:00:00")
    args.update(kw)
    return status(**args)


def build_refuse():
    good = to_bytes(document(base_doc()))

    # malformed
    refuse("refuse/malformed-mismatched-tag.edxml",
           replace_once(good, "năm 2025</edXML:Subject>".encode(),
                        "năm 2025</edXML:Content>".encode()), "malformed")
    refuse("refuse/malformed-text-before-declaration.edxml", b"4545" + good, "malformed")
    refuse("refuse/malformed-truncated.edxml", good[: len(good) * 3 // 5], "malformed")

    # namespace
    root = document(base_doc())
    root.find("Reference").attrs["xlink:href"] = "cid:" + fixed_uuid("att:2467_SNV-CCHC.pdf")
    refuse("refuse/namespace-undeclared-xlink.edxml", to_bytes(root), "namespace")
    root = document(base_doc(), att_style="none")
    enc = root.find("AttachmentEncoded")
    enc.tag = "edXML:AttachmentEncoded"
    enc.find("Attachment").tag = "edXML:Attachment"
    refuse("refuse/namespace-prefix-out-of-scope.edxml", to_bytes(root), "namespace")

    # doctype: internal entities expanding ten-fold per level
    dtd = ('<!DOCTYPE edXML [\n  <!ENTITY a "khẩn">\n'
           + "".join(f'  <!ENTITY {n} "{("&" + m + ";") * 10}">\n'
                     for m, n in zip("abcd", "bcde")) + "]>\n")
    data = replace_once(good, b"?>\n", b"?>\n" + dtd.encode())
    data = replace_once(data, "năm 2025</edXML:Subject>".encode(),
                        "năm 2025 &e;</edXML:Subject>".encode())
    refuse("refuse/doctype-entity-expansion.edxml", data, "doctype")

    # unknown-namespace: the edXML shape in someone else's namespace
    refuse("refuse/unknown-namespace.edxml",
           good.replace(NS.encode(), b"http://example.org/not-edxml"), "unknown-namespace")

    # not-edxml: an invented directory answer, and a JSON delivery list
    directory = E("AgencyDirectoryResponse", [
        E("Status", "OK"), E("Agencies", [
            E("Agency", [E("Code", o.id), E("Name", o.name), E("Parent", o.in_charge or ""),
                         E("Connected", "true")])
            for o in (ORGS["ubnd"], ORGS["snv"], ORGS["tdkt"], ORGS["stc"])]),
    ], {"xmlns": "http://cqdt.example/agency-directory", "generated": "2025-12-01T08:00:00+07:00"})
    refuse("refuse/not-edxml-directory.xml", to_bytes(directory), "not-edxml")
    received = {"status": "OK", "errorCode": "0", "data": [
        {"docId": fixed_uuid("json-delivery-1"), "from": ORGS["snv"].id, "to": ORGS["sgd"].id,
         "messagetype": "edoc", "subject": "Thông báo kết quả kiểm tra cải cách hành chính",
         "receivedAt": "2025/12/01 09:10:00"}]}
    refuse("refuse/not-edxml-delivery-list.json",
           (json.dumps(received, ensure_ascii=False, indent=2) + "\n").encode(), "not-edxml")

    # missing-field
    refuse("refuse/missing-document-id.edxml", to_bytes(document(base_doc(document_id=None))),
           "missing-field")
    root = document(base_doc())
    frm = root.find("From")
    frm.children = [c for c in frm.children if c.tag != "edXML:OrganId"]
    refuse("refuse/missing-from-organid.edxml", to_bytes(root), "missing-field")
    refuse("refuse/missing-to.edxml", to_bytes(document(base_doc(to=[]))), "missing-field")
    refuse("refuse/missing-status-code.edxml", to_bytes(base_status(code=None)), "missing-field")
    refuse("refuse/missing-responsefor-documentid.edxml",
           to_bytes(base_status(rf_order=("OrganId", "Code", "PromulgationDate"))),
           "missing-field")

    # bad-value
    refuse("refuse/bad-priority-7.edxml", to_bytes(document(base_doc(priority=7))), "bad-value")
    refuse("refuse/bad-document-type-9.edxml",
           to_bytes(document(base_doc(type=(9, 3, "Phiếu khảo sát ý kiến")))), "bad-value")
    refuse("refuse/bad-status-code-99.edxml", to_bytes(base_status(code="99")), "bad-value")
    refuse("refuse/bad-organid.edxml", to_bytes(document(base_doc(from_id="abc def"))),
           "bad-value")

    # attachment
    extra = pdf_att("phu-luc-kiem-tra.pdf", ["Phụ lục kết quả kiểm tra"])
    d = base_doc()
    d["attachments"].append(extra)
    refuse("refuse/attachment-unmatched-reference.edxml",
           to_bytes(document(d, encoded_order=[0])), "attachment")
    d = base_doc()
    a = d["attachments"][0]
    a.payload = b""
    root = document(d)
    root.find("ContentTransferEncoded").text = "JVBERi0xLjQK***Kh%ng ph@i base64***==A"
    refuse("refuse/attachment-invalid-base64.edxml", to_bytes(root), "attachment")
    bomb = Att("so-lieu-thong-ke.ods", MIME_ZIP, make_zip_bomb("so-lieu-thong-ke.ods", BOMB_BYTES))
    refuse("refuse/attachment-zip-bomb.edxml", to_bytes(document(base_doc(attachments=[bomb]))),
           "attachment")
    two = make_zip([("bien-ban-1.pdf", make_pdf(["Biên bản 1"], "Bien ban 1"), False),
                    ("bien-ban-2.pdf", make_pdf(["Biên bản 2"], "Bien ban 2"), False)])
    refuse("refuse/attachment-zip-two-entries.edxml",
           to_bytes(document(base_doc(attachments=[Att("bien-ban-kiem-tra.pdf", MIME_ZIP, two)]))),
           "attachment")
    refuse("refuse/attachment-path-traversal.edxml", to_bytes(document(base_doc(attachments=[
        pdf_att("../../etc/passwd", ["Tệp có tên chứa đường dẫn"])]))), "attachment")

    # signature: signed with RSA-SHA256, then the subject was edited
    signed = xmlsec_sign(to_bytes(document(base_doc(), signature="sha256")))
    refuse("refuse/signature-tampered.edxml",
           replace_once(signed, "năm 2025</edXML:Subject>".encode(),
                        "năm 2025 (đã sửa)</edXML:Subject>".encode()), "signature")

    # duplicate-recipient
    refuse("refuse/duplicate-recipient.edxml",
           to_bytes(document(base_doc(to=[ORGS["sgd"], ORGS["stc"], ORGS["sgd"]]))),
           "duplicate-recipient")

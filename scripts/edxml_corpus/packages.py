"""edXML packages: agencies, document packages (edxml.md §2) and STATUS packages (§7)."""

from .config import DSIG, NS
from .signing import cert_subject
from .xmlout import E


# Agencies. Level-1 codes follow QĐ 20/2020 (H01 An Giang, H29 TP Hồ Chí Minh, H13 Cần Thơ,
# H37 Lạng Sơn, G09 Bộ Nội vụ, G22 Văn phòng Chính phủ); the lower groups are invented.

class Org:
    def __init__(self, oid, name, in_charge=None, addr=None, email=None, website=None):
        self.id, self.name, self.in_charge, self.addr = oid, name, in_charge, addr
        self.email, self.website = email, website


AG = "UBND tỉnh An Giang"
ORGS = {
    "ubnd": Org("000.00.00.H01", "Ủy ban nhân dân tỉnh An Giang", AG,
                "Phường Long Xuyên, tỉnh An Giang", "vanthu@ubnd.angiang.example",
                "https://angiang.example"),
    "vp": Org("000.00.01.H01", "Văn phòng Ủy ban nhân dân tỉnh An Giang", AG,
              "Phường Long Xuyên, tỉnh An Giang", "vanthu@vpubnd.angiang.example"),
    "snv": Org("000.00.07.H01", "Sở Nội vụ tỉnh An Giang", AG,
               "Phường Long Xuyên, tỉnh An Giang", "vanthu@snv.angiang.example",
               "https://snv.angiang.example"),
    "tdkt": Org("000.21.07.H01", "Ban Thi đua - Khen thưởng", "Sở Nội vụ tỉnh An Giang",
                "Phường Long Xuyên, tỉnh An Giang", "tdkt@snv.angiang.example"),
    "lt": Org("000.22.07.H01", "Trung tâm Lưu trữ lịch sử tỉnh An Giang",
              "Sở Nội vụ tỉnh An Giang", "Phường Long Xuyên, tỉnh An Giang"),
    "stc": Org("000.00.12.H01", "Sở Tài chính tỉnh An Giang", AG,
               "Phường Long Xuyên, tỉnh An Giang", "vanthu@stc.angiang.example"),
    "sgd": Org("000.00.15.H01", "Sở Giáo dục và Đào tạo tỉnh An Giang", AG,
               "Phường Long Xuyên, tỉnh An Giang", "vanthu@sgddt.angiang.example"),
    "syt": Org("000.00.18.H01", "Sở Y tế tỉnh An Giang", AG, "Phường Long Xuyên, tỉnh An Giang"),
    "snnmt": Org("000.00.22.H01", "Sở Nông nghiệp và Môi trường tỉnh An Giang", AG,
                 "Phường Long Xuyên, tỉnh An Giang"),
    "stp": Org("000.00.30.H01", "Sở Tư pháp tỉnh An Giang", AG, "Phường Long Xuyên, tỉnh An Giang"),
    "p_lx": Org("000.00.51.H01", "Ủy ban nhân dân phường Long Xuyên", AG,
                "Phường Long Xuyên, tỉnh An Giang"),
    "p_cd": Org("000.00.52.H01", "Ủy ban nhân dân phường Châu Đốc", AG,
                "Phường Châu Đốc, tỉnh An Giang"),
    "p_rg": Org("000.00.55.H01", "Ủy ban nhân dân phường Rạch Giá", AG,
                "Phường Rạch Giá, tỉnh An Giang", "vanthu@rachgia.angiang.example"),
    "dk_pq": Org("000.00.58.H01", "Ủy ban nhân dân đặc khu Phú Quốc", AG,
                 "Đặc khu Phú Quốc, tỉnh An Giang"),
    "x_tt": Org("000.00.60.H01", "Ủy ban nhân dân xã Tri Tôn", AG, "Xã Tri Tôn, tỉnh An Giang"),
    "hcm": Org("000.00.00.H29", "Ủy ban nhân dân Thành phố Hồ Chí Minh", "UBND TP Hồ Chí Minh",
               "Thành phố Hồ Chí Minh"),
    "hcm_syt": Org("000.00.18.H29", "Sở Y tế Thành phố Hồ Chí Minh", "UBND TP Hồ Chí Minh",
                   "Thành phố Hồ Chí Minh"),
    "ct": Org("000.00.00.H13", "Ủy ban nhân dân thành phố Cần Thơ", "UBND thành phố Cần Thơ",
              "Thành phố Cần Thơ"),
    "ls": Org("000.00.00.H37", "Ủy ban nhân dân tỉnh Lạng Sơn", "UBND tỉnh Lạng Sơn",
              "Tỉnh Lạng Sơn"),
    "bnv": Org("000.00.00.G09", "Bộ Nội vụ", "Chính phủ", "Hà Nội"),
    "vpcp": Org("000.00.00.G22", "Văn phòng Chính phủ", "Chính phủ", "Hà Nội"),
}


def org(p, tag, o, oid=None):
    kids = [E(p + "OrganId", o.id if oid is None else oid)]
    if o.in_charge:
        kids.append(E(p + "OrganizationInCharge", o.in_charge))
    kids.append(E(p + "OrganName", o.name))
    for field, value in (("OrganAdd", o.addr), ("Email", o.email), ("Website", o.website)):
        if value:
            kids.append(E(p + field, value))
    return E(p + tag, kids)


# --------------------------------------------------------------------------------------------
# Document packages (edXML QCVN 102:2016, edxml.md §2).

def doc_id(o, date, number, notation):
    return f"{o.id},{date},{number}/{notation}"


def new_doc(**kw):
    d = dict(
        to=[ORGS["ubnd"]], place="An Giang", due=None, content=None, to_places=None,
        priority=0, sphere=None, typer=None, amount=None, pages=None, appendixes=None,
        response_for=[], steering=0, signer=("KT. GIÁM ĐỐC", "Phó Giám đốc", ""),
        business=dict(type=0, reason="Văn bản điện tử mới"), attachments=[], spelling="Bussiness",
    )
    d.update(kw)
    if "document_id" not in d:
        d["document_id"] = doc_id(d["from_"], d["date"], d["number"], d["notation"])
    d.setdefault("promulgation_date", d["date"])
    d.setdefault("trace", [(d["from_"].id, d["date"] + " 08:30:00")])
    return d


def response_for(p, rf, order=("OrganId", "Code", "PromulgationDate", "DocumentId")):
    values = {"OrganId": rf[0], "Code": rf[1], "PromulgationDate": rf[2], "DocumentId": rf[3]}
    return E(p + "ResponseFor", [E(p + k, values[k]) for k in order if values.get(k) is not None])


def message_header(d, p):
    items = [("From", org(p, "From", d["from_"], d.get("from_id")))]
    items += [("To", org(p, "To", t)) for t in d["to"]]
    if d["document_id"] is not None:
        items.append(("DocumentId", E(p + "DocumentId", d["document_id"])))
    items.append(("Code", E(p + "Code", [E(p + "CodeNumber", d["number"]),
                                         E(p + "CodeNotation", d["notation"])])))
    items.append(("PromulgationInfo", E(p + "PromulgationInfo", [
        E(p + "Place", d["place"]) if d["place"] else None,
        E(p + "PromulgationDate", d["promulgation_date"])])))
    t, detail, name = d["type"]
    items.append(("DocumentType", E(p + "DocumentType", [
        E(p + "Type", str(t)), E(p + "TypeDetail", str(detail)) if detail is not None else None,
        E(p + "TypeName", name)])))
    items.append(("Subject", E(p + "Subject", d["subject"])))
    if d["content"]:
        items.append(("Content", E(p + "Content", d["content"])))
    comp, pos, full = d["signer"]
    items.append(("SignerInfo", E(p + "SignerInfo", [
        E(p + "Competence", comp) if comp else None, E(p + "Position", pos),
        E(p + "FullName", full)])))
    if d["due"]:
        items.append(("DueDate", E(p + "DueDate", d["due"])))
    if d["to_places"]:
        items.append(("ToPlaces", E(p + "ToPlaces", [E(p + "Place", x) for x in d["to_places"]])))
    other = [E(p + "Priority", str(d["priority"]))]
    for field, key in (("SphereOfPromulgation", "sphere"), ("TyperNotation", "typer"),
                       ("PromulgationAmount", "amount"), ("PageAmount", "pages")):
        if d[key] is not None:
            other.append(E(p + field, str(d[key])))
    other.append(E(p + "Direction", "false"))
    if d["appendixes"]:
        other.append(E(p + "Appendixes", [E(p + "Appendix", a) for a in d["appendixes"]]))
    items.append(("OtherInfo", E(p + "OtherInfo", other)))
    for rf in d["response_for"]:
        items.append(("ResponseFor", response_for(p, rf, d.get("rf_order", (
            "OrganId", "Code", "PromulgationDate", "DocumentId")))))
    items.append(("SteeringType", E(p + "SteeringType", str(d["steering"]))))
    if d.get("header_order"):
        items = d["header_order"](items)
    return E(p + "MessageHeader", [node for _, node in items])


def business(d, p):
    b, sp = d["business"], d["spelling"]
    kids = [E(p + "DocumentId", b["doc_id"]) if b.get("doc_id") else None,
            E(p + sp + "DocType", str(b["type"])), E(p + sp + "DocReason", b["reason"]),
            E(p + "Paper", str(b.get("paper", 0)))]
    if b.get("staff"):
        dept, staff, email, mobile = b["staff"]
        kids.append(E(p + "StaffInfo", [E(p + "Department", dept), E(p + "Staff", staff),
                                        E(p + "Email", email) if email else None,
                                        E(p + "Mobile", mobile) if mobile else None]))
    if b.get("doc_info"):
        info, recv, receivers = b["doc_info"]
        kids.append(E(p + sp + "DocumentInfo", [
            E(p + "DocumentInfo", str(info)), E(p + "DocumentReceiver", str(recv)),
            E(p + "ReceiverList", [E(p + "Receiver", [E(p + "OrganId", oid),
                                                      E(p + "ReceiverType", str(rt))])
                                   for oid, rt in receivers])]))
    if b.get("replacement"):
        kids.append(E(p + "ReplacementInfoList", [
            E(p + "ReplacementInfo", [E(p + "DocumentId", did), E(p + "OrganIdList", [
                E(p + "OrganId", oid) for oid in oids])]) for did, oids in b["replacement"]]))
    return E(p + sp, kids)


def trace_list(d, p):
    traces = [E(p + "TraceHeader", [E(p + "OrganId", oid), E(p + "Timestamp", ts)])
              for oid, ts in d["trace"]]
    bus = business(d, p)
    return E(p + "TraceHeaderList", [bus] + traces if d.get("business_first") else traces + [bus])


def signature_template(alg):
    sig_m, dig_m = {
        "sha1": (DSIG + "rsa-sha1", DSIG + "sha1"),
        "sha256": ("http://www.w3.org/2001/04/xmldsig-more#rsa-sha256",
                   "http://www.w3.org/2001/04/xmlenc#sha256"),
    }[alg]
    return E("Signature", [
        E("SignedInfo", [
            E("CanonicalizationMethod", None,
              {"Algorithm": "http://www.w3.org/TR/2001/REC-xml-c14n-20010315"}),
            E("SignatureMethod", None, {"Algorithm": sig_m}),
            E("Reference", [
                E("Transforms", [
                    E("Transform", None, {"Algorithm": DSIG + "enveloped-signature"}),
                    E("Transform", None, {"Algorithm": "http://www.w3.org/2001/10/xml-exc-c14n#"}),
                ]),
                E("DigestMethod", None, {"Algorithm": dig_m}),
                E("DigestValue", ""),
            ], {"URI": ""}),
        ]),
        E("SignatureValue", ""),
        E("KeyInfo", [E("X509Data", [E("X509SubjectName", cert_subject()),
                                     E("X509Certificate", "")])]),
    ], {"xmlns": DSIG})


def attachment_encoded(atts, style):
    """style: 'default' = unprefixed Attachment with an edXML:-prefixed ContentTransferEncoded
    declaring its prefix locally (edxml.md §10); 'none' = nothing prefixed; 'prefixed' =
    edXML:AttachmentEncoded declaring the prefix itself, everything inside prefixed."""
    p = "edXML:" if style == "prefixed" else ""
    cte = "" if style == "none" else "edXML:"
    out = []
    for a in atts:
        kids = [E(p + "ContentId", a.attach_cid), E(p + "AttachmentName", a.name)]
        if a.desc:
            kids.append(E(p + "Description", a.desc))
        kids.append(E(p + "ContentType", a.ctype))
        kids.append(E(cte + "ContentTransferEncoded", a.encoded(),
                      {"xmlns:edXML": NS} if style == "default" else None))
        out.append(E(p + "Attachment", kids))
    return E(p + "AttachmentEncoded", out, {"xmlns:edXML": NS} if style == "prefixed" else None)


def document(d, prefixed=True, signature=None, att_style="default", encoded_order=None):
    p = "edXML:" if prefixed else ""
    header = [message_header(d, p), trace_list(d, p)]
    if signature:
        header.append(signature_template(signature))
    refs = []
    for a in d["attachments"]:
        kids = [E(p + "ContentId", a.cid), E(p + "ContentType", a.manifest_ctype)]
        if a.desc:
            kids.append(E(p + "Description", a.desc))
        kids.append(E(p + "AttachmentName", a.name))
        refs.append(E(p + "Reference", kids))
    envelope = E(p + "edXMLEnvelope", [
        E(p + "edXMLHeader", header),
        E(p + "edXMLBody", [E(p + "edXMLManifest", refs, {"version": "1.0"})]),
    ], {"xmlns:edXML": NS} if prefixed else None)
    atts = d["attachments"]
    if encoded_order is not None:
        atts = [atts[i] for i in encoded_order]
    kids = [envelope]
    if atts:
        kids.append(attachment_encoded(atts, att_style))
    return E("edXML", kids, {"xmlns": NS})


# --------------------------------------------------------------------------------------------
# STATUS packages (edxml.md §7).

def status(from_, rf, code, desc, ts, staff=None, header_tag="MessageHeader",
           rf_order=("OrganId", "Code", "PromulgationDate", "DocumentId"), p="edXML:"):
    kids = [org(p, "From", from_), response_for(p, rf, rf_order)]
    if staff:
        kids.append(E(p + "StaffInfo", [E(p + "Department", staff[0]), E(p + "Staff", staff[1])]))
    if code is not None:
        kids.append(E(p + "StatusCode", code))
    kids += [E(p + "Description", desc), E(p + "Timestamp", ts)]
    return E("edXML", [E(p + "edXMLEnvelope", [E(p + "edXMLHeader", [E(p + header_tag, kids)])],
                         {"xmlns:edXML": NS})], {"xmlns": NS})

"""Packages a lenient receiver must accept (tests/edxml/accept/)."""

import base64

from .config import NS_GOVN
from .packages import ORGS, doc_id, document, new_doc, status
from .payloads import (MIME_DOCX, MIME_PDF, MIME_ZIP, Att, fixed_uuid, make_docx, make_odf,
                       make_pdf, make_zip, pdf_att, zipped_att)
from .registry import accept, doc_row
from .signing import xmlsec_sign
from .xmlout import Comment, E, to_bytes

STAFF_SNV = ("Văn phòng Sở", "Huỳnh Thị Kim Loan", "vanthu@snv.angiang.example", None)


def build_accept():
    # 1. canonical: §10 layout, one raw PDF, cid: on both sides.
    d = new_doc(
        from_=ORGS["snv"], to=[ORGS["ubnd"]], date="2025/10/14", number="2150",
        notation="SNV-CCVC", type=(2, 18, "Công văn"),
        subject="V/v đề nghị phê duyệt kế hoạch tuyển dụng viên chức ngành giáo dục năm 2026",
        content="Sở Nội vụ trình Ủy ban nhân dân tỉnh phê duyệt kế hoạch tuyển dụng 1.240 chỉ "
                "tiêu viên chức giáo viên mầm non, tiểu học và trung học cơ sở.",
        signer=("KT. GIÁM ĐỐC", "Phó Giám đốc", "Trần Thị Mỹ Duyên"), due="2025/10/24",
        to_places=["Như trên", "Giám đốc Sở (để b/c)", "Lưu: VT, CCVC"], priority=1,
        sphere="Liên thông văn bản tỉnh", typer="TMD", amount=3, pages=2,
        business=dict(type=0, reason="Văn bản điện tử mới", staff=STAFF_SNV),
        attachments=[pdf_att("2150_SNV-CCVC.signed.pdf", [
            "SỞ NỘI VỤ TỈNH AN GIANG", "Số: 2150/SNV-CCVC",
            "V/v đề nghị phê duyệt kế hoạch tuyển dụng viên chức ngành giáo dục năm 2026"],
            desc="Văn bản chính")])
    doc_row("accept/canonical.edxml", d, to_bytes(document(d)))

    # 2. unprefixed: the QCVN namespace only as the default namespace.
    d = new_doc(
        from_=ORGS["stc"], to=[ORGS["ubnd"]], date="2025/12/02", number="4417",
        notation="BC-STC", type=(2, 14, "Báo cáo"),
        subject="Báo cáo tình hình giải ngân vốn đầu tư công 11 tháng năm 2025",
        signer=("KT. GIÁM ĐỐC", "Phó Giám đốc", "Lê Hoàng Phúc"), pages=6,
        to_places=["UBND tỉnh (b/c)", "Lưu: VT, ĐT"],
        business=dict(type=0, reason="Văn bản điện tử mới",
                      staff=("Văn phòng Sở", "Nguyễn Ngọc Thảo", None, None)),
        attachments=[pdf_att("4417_BC-STC.pdf", [
            "SỞ TÀI CHÍNH TỈNH AN GIANG", "Số: 4417/BC-STC",
            "Báo cáo tình hình giải ngân vốn đầu tư công 11 tháng năm 2025"])])
    doc_row("accept/unprefixed.edxml", d, to_bytes(document(d, prefixed=False, att_style="none")))

    # 3. legacy spellings Business / BusinessDocType / BusinessDocReason.
    d = new_doc(
        from_=ORGS["p_rg"], to=[ORGS["vp"]], date="2025/11/18", number="312",
        notation="TTr-UBND", type=(2, 16, "Tờ trình"), place="Rạch Giá",
        subject="Tờ trình đề nghị công nhận phường đạt chuẩn đô thị văn minh năm 2025",
        signer=("TM. ỦY BAN NHÂN DÂN", "Chủ tịch", "Đặng Quốc Huy"), spelling="Business",
        business=dict(type=0, reason="Văn bản điện tử mới",
                      staff=("Văn phòng HĐND và UBND phường", "Thạch Thị Sa Rươl", None,
                             None)),
        attachments=[pdf_att("312_TTr-UBND.pdf", [
            "UY BAN NHAN DAN PHUONG RACH GIA", "Số: 312/TTr-UBND",
            "Tờ trình đề nghị công nhận phường đạt chuẩn đô thị văn minh năm 2025"])])
    doc_row("accept/legacy-business-spelling.edxml", d, to_bytes(document(d)))

    # 4. shuffled order: DocumentId last, Bussiness before TraceHeader, ResponseFor reordered.
    earlier = doc_id(ORGS["snv"], "2025/09/29", "1988", "SNV-TĐKT")

    def shuffle(items):
        head = [it for it in items if it[0] not in ("DocumentId", "Subject")]
        subject = [it for it in items if it[0] == "Subject"]
        return subject + head + [it for it in items if it[0] == "DocumentId"]
    d = new_doc(
        from_=ORGS["syt"], to=[ORGS["snv"]], date="2025/10/08", number="3561",
        notation="SYT-VP", type=(2, 18, "Công văn"),
        subject="V/v góp ý dự thảo Quyết định ban hành Quy chế thi đua, khen thưởng ngành y tế",
        signer=("KT. GIÁM ĐỐC", "Phó Giám đốc", "Võ Minh Trí"),
        response_for=[(ORGS["snv"].id, "1988/SNV-TĐKT", "2025/09/29", earlier)],
        rf_order=("DocumentId", "PromulgationDate", "OrganId", "Code"), header_order=shuffle,
        business_first=True, trace=[("000.00.18.H01", "2025/10/08 16:05:12"),
                                    ("000.00.00.H01", "2025/10/08 16:05:40")],
        business=dict(type=0, reason="Văn bản điện tử mới"),
        attachments=[pdf_att("3561_SYT-VP.pdf", [
            "SỞ Y TẾ TỈNH AN GIANG", "Số: 3561/SYT-VP",
            "Góp ý dự thảo Quy chế thi đua, khen thưởng ngành y tế"])])
    root = document(d)
    root.children[0].children[0].children.insert(0, Comment("gói tin do hệ thống QLVB Sở Y tế tạo"))
    doc_row("accept/shuffled-order.edxml", d, to_bytes(root, indent="\t"))

    # 5. ContentId bare on the attachment side, cid: in the manifest (vector T4).
    cid = fixed_uuid("bare-cid")
    d = new_doc(
        from_=ORGS["sgd"], to=[ORGS["tdkt"]], date="2025/11/05", number="3290",
        notation="TTr-SGDĐT", type=(2, 16, "Tờ trình"),
        subject="Tờ trình đề nghị tặng Bằng khen của Chủ tịch UBND tỉnh cho tập thể, cá nhân "
                "có thành tích trong năm học 2024-2025",
        signer=("KT. GIÁM ĐỐC", "Phó Giám đốc", "Phạm Văn Tường"),
        attachments=[pdf_att("3290_TTr-SGDDT.pdf", [
            "SỞ GIÁO DỤC VÀ ĐÀO TẠO TỈNH AN GIANG", "Số: 3290/TTr-SGDĐT",
            "Đề nghị tặng Bằng khen năm học 2024-2025"], cid="cid:" + cid, attach_cid=cid)])
    doc_row("accept/content-id-bare.edxml", d, to_bytes(document(d)))

    # 6a. base64 wrapped at 76 characters, CRLF line endings throughout.
    d = new_doc(
        from_=ORGS["hcm"], to=[ORGS["ubnd"]], date="2025/09/16", number="5872",
        notation="UBND-KT", type=(2, 18, "Công văn"), place="Thành phố Hồ Chí Minh",
        subject="V/v phối hợp tổ chức Hội chợ xúc tiến thương mại vùng Đồng bằng sông Cửu Long "
                "năm 2026",
        signer=("KT. CHỦ TỊCH", "Phó Chủ tịch", "Nguyễn Thanh Bình"),
        attachments=[pdf_att("5872_UBND-KT.pdf", [
            "UY BAN NHAN DAN THANH PHO HO CHI MINH", "Số: 5872/UBND-KT",
            "Phối hợp tổ chức Hội chợ xúc tiến thương mại vùng ĐBSCL năm 2026",
            "Kính gửi: Ủy ban nhân dân tỉnh An Giang"] + [
            f"Nội dung phối hợp mục {i}: gian hàng, vận chuyển, an ninh trật tự."
            for i in range(1, 25)], b64="wrap76")])
    doc_row("accept/base64-wrapped-crlf.edxml", d, to_bytes(document(d), newline="\r\n"))

    # 6b. base64 on one line (a longer PDF so the line is long).
    d = new_doc(
        from_=ORGS["vpcp"], to=[ORGS["ubnd"]], date="2025/08/27", number="7340",
        notation="VPCP-CN", type=(2, 7, "Thông báo"), place="Hà Nội",
        subject="Thông báo ý kiến chỉ đạo về việc đẩy nhanh tiến độ các dự án giao thông trọng "
                "điểm vùng Đồng bằng sông Cửu Long",
        signer=("KT. BỘ TRƯỞNG, CHỦ NHIỆM", "Phó Chủ nhiệm", "Cao Minh Khôi"),
        attachments=[pdf_att("7340_VPCP-CN.pdf", [
            "VĂN PHÒNG CHÍNH PHỦ", "Số: 7340/VPCP-CN", "Thông báo ý kiến chỉ đạo"] + [
            f"{i}. Đề nghị các địa phương hoàn thành giải phóng mặt bằng đoạn tuyến số {i}."
            for i in range(1, 40)])])
    doc_row("accept/base64-one-line.edxml", d, to_bytes(document(d)))

    # 7. an .odt zipped alone under application/zip, AttachmentName kept (vector T5).
    odt = make_odf("text", paragraphs=[
        "TRUNG TÂM LƯU TRỮ LỊCH SỬ TỈNH AN GIANG",
        "Báo cáo công tác văn thư, lưu trữ năm 2025",
        "Tiếp nhận 1.126 mét giá tài liệu của các cơ quan thuộc diện nộp lưu."])
    d = new_doc(
        from_=ORGS["lt"], to=[ORGS["snv"]], date="2025/12/10", number="87",
        notation="BC-TTLT", type=(2, 14, "Báo cáo"),
        subject="Báo cáo công tác văn thư, lưu trữ năm 2025 và phương hướng năm 2026",
        signer=(None, "Giám đốc", "Châu Ngọc Hạnh"),
        attachments=[zipped_att("bao-cao-van-thu-luu-tru-2025.odt", odt)])
    doc_row("accept/zipped-odt.edxml", d, to_bytes(document(d)))

    # 8. a real .zip kept as zip (vector T6).
    hoso = make_zip([
        ("to-trinh.pdf", make_pdf(["UBND XÃ TRI TÔN", "Tờ trình đề nghị xét tặng danh hiệu "
                                   "Gia đình văn hóa tiêu biểu"], "To trinh"), False),
        ("danh-sach.ods", make_odf("spreadsheet", rows=[
            ["STT", "Họ và tên", "Ấp"], ["1", "Néang Sa Ry", "Ấp Tà Dung"],
            ["2", "Lâm Văn Sang", "Ấp Ninh Hòa"]]), False)])
    d = new_doc(
        from_=ORGS["x_tt"], to=[ORGS["snv"]], date="2025/11/24", number="145",
        notation="UBND-VHXH", type=(2, 18, "Công văn"), place="Tri Tôn",
        subject="V/v gửi hồ sơ đề nghị xét tặng danh hiệu Gia đình văn hóa tiêu biểu năm 2025",
        signer=("KT. CHỦ TỊCH", "Phó Chủ tịch", "Chau Sóc Kha"),
        attachments=[Att("ho-so.zip", MIME_ZIP, hoso, desc="Hồ sơ kèm theo")])
    doc_row("accept/zip-kept.edxml", d, to_bytes(document(d)))

    # 9. a zip under a misleading type: application/pdf, entry named <uuid>.pdf, streamed.
    pdf = make_pdf(["SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG TỈNH AN GIANG", "Số: 612/BC-SNNMT",
                    "Kết quả kiểm kê đất đai năm 2025"], "Kiem ke dat dai 2025")
    d = new_doc(
        from_=ORGS["snnmt"], to=[ORGS["ubnd"]], date="2025/12/15", number="612",
        notation="BC-SNNMT", type=(2, 14, "Báo cáo"),
        subject="Báo cáo kết quả kiểm kê đất đai, lập bản đồ hiện trạng sử dụng đất năm 2025",
        signer=("KT. GIÁM ĐỐC", "Phó Giám đốc", "Lý Thị Bích Ngọc"),
        attachments=[zipped_att("bao-cao-kiem-ke-dat-dai-2025.pdf", pdf, ctype=MIME_PDF,
                                entry_name=fixed_uuid("misleading-entry") + ".pdf",
                                streaming=True)])
    doc_row("accept/zip-under-pdf-content-type.edxml", d, to_bytes(document(d)))

    # 9b. the manifest says application/pdf, the attachment says application/zip.
    pdf = make_pdf(["SỞ Y TẾ THÀNH PHỐ HỒ CHÍ MINH", "Số: 9021/SYT-NVY",
                    "Chuyển tuyến điều trị người bệnh giữa hai địa phương"], "Chuyen tuyen")
    d = new_doc(
        from_=ORGS["hcm_syt"], to=[ORGS["syt"]], date="2025/10/30", number="9021",
        notation="SYT-NVY", type=(2, 18, "Công văn"), place="Thành phố Hồ Chí Minh",
        subject="V/v phối hợp chuyển tuyến điều trị người bệnh giữa Thành phố Hồ Chí Minh và "
                "tỉnh An Giang",
        signer=("KT. GIÁM ĐỐC", "Phó Giám đốc", "Tôn Thất Minh Quân"),
        attachments=[zipped_att("9021_SYT-NVY.pdf", pdf, manifest_ctype=MIME_PDF,
                                entry_name=fixed_uuid("disagree-entry") + ".pdf",
                                streaming=True)])
    doc_row("accept/content-type-disagrees.edxml", d, to_bytes(document(d)))

    # 10. three attachments (small-integer ContentIds, payloads in another order), three To.
    atts = [
        pdf_att("1875_QD-UBND.signed.pdf", [
            "ỦY BAN NHÂN DÂN TỈNH AN GIANG", "Số: 1875/QĐ-UBND",
            "Quyết định giao chỉ tiêu biên chế công chức năm 2026"], cid="cid:1"),
        zipped_att("phu-luc-bien-che-2026.ods", make_odf("spreadsheet", rows=[
            ["Cơ quan", "Biên chế giao"], ["Sở Nội vụ", "62"], ["Sở Tài chính", "88"],
            ["UBND phường Long Xuyên", "41"]]), cid="cid:2", desc="Phụ lục"),
        Att("huong-dan-thuc-hien.docx", MIME_DOCX, make_docx([
            "Hướng dẫn thực hiện Quyết định số 1875/QĐ-UBND",
            "Các cơ quan rà soát vị trí việc làm trước ngày 31/01/2026."]), cid="cid:3"),
    ]
    d = new_doc(
        from_=ORGS["ubnd"], to=[ORGS["snv"], ORGS["stc"], ORGS["p_lx"]], date="2025/12/19",
        number="1875", notation="QĐ-UBND", type=(2, 2, "Quyết định"),
        subject="Quyết định về việc giao chỉ tiêu biên chế công chức trong các cơ quan, tổ chức "
                "hành chính năm 2026",
        signer=("KT. CHỦ TỊCH", "Phó Chủ tịch", "Huỳnh Văn Sơn"), priority=0,
        to_places=["Như Điều 3", "CT, các PCT UBND tỉnh", "Lưu: VT, NC"], attachments=atts)
    doc_row("accept/multi-attachments.edxml", d,
            to_bytes(document(d, encoded_order=[2, 0, 1])))

    # 11-12. enveloped XML-DSig made by xmlsec1, last child of edXMLHeader.
    d = new_doc(
        from_=ORGS["stp"], to=[ORGS["ubnd"]], date="2025/11/27", number="205",
        notation="BC-STP", type=(2, 14, "Báo cáo"),
        subject="Báo cáo thẩm định dự thảo Quyết định quy định chức năng, nhiệm vụ, quyền hạn "
                "của Sở Nội vụ",
        signer=("KT. GIÁM ĐỐC", "Phó Giám đốc", "Kha Thị Thu Trang"),
        attachments=[pdf_att("205_BC-STP.pdf", [
            "SỞ TƯ PHÁP TỈNH AN GIANG", "Số: 205/BC-STP", "Báo cáo thẩm định"])])
    doc_row("accept/signed-rsa-sha1.edxml", d, xmlsec_sign(to_bytes(document(d, signature="sha1"))),
            warning="sha1")
    d = new_doc(
        from_=ORGS["ct"], to=[ORGS["ubnd"]], date="2025/10/21", number="4102",
        notation="UBND-KT", type=(2, 18, "Công văn"), place="Cần Thơ",
        subject="V/v phối hợp quản lý, khai thác tuyến đường thủy nội địa liên tỉnh trên sông Hậu",
        signer=("KT. CHỦ TỊCH", "Phó Chủ tịch", "Trương Quốc Việt"),
        attachments=[pdf_att("4102_UBND-KT.pdf", [
            "UY BAN NHAN DAN THANH PHO CAN THO", "Số: 4102/UBND-KT",
            "Phối hợp quản lý tuyến đường thủy nội địa liên tỉnh"])])
    doc_row("accept/signed-rsa-sha256.edxml", d,
            xmlsec_sign(to_bytes(document(d, signature="sha256"))))

    # 13. update (2), revoke (1), replace (3).
    updated = doc_id(ORGS["snv"], "2025/11/03", "2318", "SNV-TCBC")
    d = new_doc(
        from_=ORGS["snv"], to=[ORGS["p_lx"], ORGS["dk_pq"]], date="2025/11/03", number="2318",
        notation="SNV-TCBC", type=(2, 18, "Công văn"),
        subject="V/v rà soát, báo cáo số lượng người làm việc tại các đơn vị sự nghiệp công lập "
                "thuộc UBND cấp xã",
        signer=("KT. GIÁM ĐỐC", "Phó Giám đốc", "Trần Thị Mỹ Duyên"), due="2025/11/28",
        trace=[(ORGS["snv"].id, "2025/11/06 10:12:03")],
        business=dict(type=2, reason="Cập nhật văn bản điện tử: bổ sung nơi nhận, sửa hạn báo cáo",
                      doc_id=updated, staff=STAFF_SNV,
                      doc_info=(1, 1, [(ORGS["p_cd"].id, 0), (ORGS["dk_pq"].id, 1)])),
        attachments=[pdf_att("2318_SNV-TCBC.signed.pdf", [
            "SỞ NỘI VỤ TỈNH AN GIANG", "Số: 2318/SNV-TCBC",
            "Rà soát số lượng người làm việc (bản cập nhật)"])])
    doc_row("accept/update.edxml", d, to_bytes(document(d, att_style="prefixed")))

    revoked = doc_id(ORGS["sgd"], "2025/11/10", "3305", "SGDĐT-TCCB")
    d = new_doc(
        from_=ORGS["sgd"], to=[ORGS["p_rg"]], date="2025/11/10", number="3305",
        notation="SGDĐT-TCCB", type=(2, 18, "Công văn"),
        subject="V/v điều động giáo viên tăng cường cho các trường tiểu học trên địa bàn phường "
                "Rạch Giá",
        signer=("KT. GIÁM ĐỐC", "Phó Giám đốc", "Phạm Văn Tường"),
        response_for=[(ORGS["sgd"].id, "3305/SGDĐT-TCCB", "2025/11/10", revoked)],
        trace=[(ORGS["sgd"].id, "2025/11/12 14:40:51")],
        business=dict(type=1, reason="Thu hồi văn bản điện tử do sai sót số liệu tại phụ lục",
                      doc_id=revoked),
        attachments=[])
    doc_row("accept/revoke.edxml", d, to_bytes(document(d)))

    old = doc_id(ORGS["ubnd"], "2025/11/12", "1990", "QĐ-UBND")
    d = new_doc(
        from_=ORGS["ubnd"], to=[ORGS["snv"], ORGS["stc"]], date="2025/11/20", number="2044",
        notation="QĐ-UBND", type=(2, 2, "Quyết định"),
        subject="Quyết định về việc phê duyệt danh sách cán bộ, công chức cấp xã dôi dư sau sắp "
                "xếp (thay thế Quyết định số 1990/QĐ-UBND)",
        signer=("KT. CHỦ TỊCH", "Phó Chủ tịch", "Huỳnh Văn Sơn"),
        business=dict(type=3, reason="Văn bản thay thế Quyết định số 1990/QĐ-UBND",
                      replacement=[(old, [ORGS["snv"].id, ORGS["stc"].id])]),
        attachments=[pdf_att("2044_QD-UBND.signed.pdf", [
            "ỦY BAN NHÂN DÂN TỈNH AN GIANG", "Số: 2044/QĐ-UBND",
            "Thay thế Quyết định số 1990/QĐ-UBND ngày 12/11/2025"])])
    doc_row("accept/replace.edxml", d, to_bytes(document(d)))

    # 14. dd/MM/yyyy dates; a UUID DocumentId.
    d = new_doc(
        from_=ORGS["dk_pq"], to=[ORGS["snv"]], date="2025/11/17", number="1021",
        notation="UBND-NV", type=(2, 18, "Công văn"), place="Phú Quốc",
        promulgation_date="17/11/2025", due="05/12/2025",
        subject="V/v đăng ký nhu cầu bồi dưỡng kiến thức quản lý nhà nước cho công chức đặc khu",
        signer=("KT. CHỦ TỊCH", "Phó Chủ tịch", "Nguyễn Thị Diễm Hương"),
        attachments=[pdf_att("1021_UBND-NV.pdf", [
            "UY BAN NHAN DAN DAC KHU PHU QUOC", "Số: 1021/UBND-NV",
            "Đăng ký nhu cầu bồi dưỡng năm 2026"])])
    doc_row("accept/date-dd-mm-yyyy.edxml", d, to_bytes(document(d)), warning="date-format")
    d = new_doc(
        from_=ORGS["hcm_syt"], to=[ORGS["syt"]], date="2025/09/09", number="7715",
        notation="SYT-KHTC", type=(2, 18, "Công văn"), place="Thành phố Hồ Chí Minh",
        document_id=fixed_uuid("uuid-document-id"),
        subject="V/v chia sẻ dữ liệu tiêm chủng mở rộng của trẻ em chuyển nơi cư trú",
        signer=("KT. GIÁM ĐỐC", "Phó Giám đốc", "Tôn Thất Minh Quân"),
        attachments=[pdf_att("7715_SYT-KHTC.pdf", [
            "SỞ Y TẾ THÀNH PHỐ HỒ CHÍ MINH", "Số: 7715/SYT-KHTC", "Chia sẻ dữ liệu tiêm chủng"])])
    doc_row("accept/document-id-uuid.edxml", d, to_bytes(document(d)),
            warning="document-id-format")

    # 16. Type=1, TypeDetail=0, TypeName "Công văn" (vector T9).
    d = new_doc(
        from_=ORGS["bnv"], to=[ORGS["ubnd"]], date="2025/08/12", number="6120",
        notation="BNV-CQĐP", type=(1, 0, "Công văn"), place="Hà Nội",
        subject="V/v báo cáo số lượng cán bộ, công chức cấp xã sau sắp xếp đơn vị hành chính",
        signer=("KT. BỘ TRƯỞNG", "Thứ trưởng", "Đoàn Văn Khiêm"),
        attachments=[pdf_att("6120_BNV-CQDP.pdf", [
            "BỘ NỘI VỤ", "Số: 6120/BNV-CQĐP", "Báo cáo số lượng cán bộ, công chức cấp xã"])])
    doc_row("accept/document-type-1-0-cong-van.edxml", d, to_bytes(document(d)))

    # 17. Priority 4 (hỏa tốc hẹn giờ, the pre-2020 level).
    d = new_doc(
        from_=ORGS["vp"], to=[ORGS["snnmt"]], date="2025/10/06", number="845",
        notation="GM-VPUBND", type=(2, 25, "Giấy mời"), priority=4, due="2025/10/07",
        subject="Giấy mời họp khẩn về công tác ứng phó triều cường và sạt lở bờ sông Hậu",
        signer=("TL. CHỦ TỊCH", "Chánh Văn phòng", "Mai Thanh Tùng"),
        attachments=[pdf_att("845_GM-VPUBND.pdf", [
            "VĂN PHÒNG UBND TỈNH AN GIANG", "Số: 845/GM-VPUBND",
            "Họp khẩn lúc 07 giờ 30 ngày 07/10/2025"])])
    doc_row("accept/priority-4.edxml", d, to_bytes(document(d)))

    build_statuses()
    build_legacy()


def build_statuses():
    sent = doc_id(ORGS["snv"], "2025/11/03", "2318", "SNV-TCBC")
    rf = (ORGS["snv"].id, "2318/SNV-TCBC", "2025/11/03", sent)
    cases = [
        ("01", "p_lx", "Văn bản đã về hệ thống của UBND phường Long Xuyên, chờ văn thư tiếp nhận",
         "2025/11/03 10:02:11", None),
        ("02", "p_cd", "Từ chối tiếp nhận: văn bản gửi không đúng đơn vị xử lý",
         "2025/11/03 10:40:57", ("Văn phòng HĐND và UBND phường", "Phan Thị Hồng Nhung")),
        ("03", "stc", "Văn thư đã tiếp nhận, vào sổ văn bản đến số 5127", "2025/11/03 14:21:30",
         ("Văn phòng Sở", "Nguyễn Ngọc Thảo")),
        ("04", "syt", "Lãnh đạo Sở phân công Phòng Tổ chức cán bộ xử lý", "2025/11/04 08:15:02",
         None),
        ("05", "sgd", "Phòng Tổ chức cán bộ đang xử lý văn bản", "2025/11/05 09:47:44", None),
        ("06", "x_tt", "Hoàn thành xử lý: đã gửi báo cáo số 158/BC-UBND", "2025/11/20 16:30:00",
         ("Văn phòng HĐND và UBND xã", "Néang Sa Ry")),
    ]
    for code, who, desc, ts, staff in cases:
        data = to_bytes(status(ORGS[who], rf, code, desc, ts, staff))
        accept(f"accept/status-{code}.edxml", data, "status", sent, status_code=code)

    # 13: sent by the original sender; ResponseFor/OrganId is the recipient (cqdt's agency).
    theirs = doc_id(ORGS["vpcp"], "2025/11/05", "8870", "VPCP-KSTT")
    data = to_bytes(status(ORGS["vpcp"], (ORGS["ubnd"].id, "8870/VPCP-KSTT", "2025/11/05", theirs),
                           "13", "Đề nghị lấy lại văn bản điện tử: gửi nhầm phụ lục",
                           "2025/11/06 08:05:19", ("Văn thư Văn phòng Chính phủ", "Đỗ Thu Hà")))
    accept("accept/status-13.edxml", data, "status", theirs, status_code="13")

    data = to_bytes(status(ORGS["dk_pq"], rf, "15", "Đồng ý cập nhật văn bản điện tử",
                           "2025/11/06 11:20:45"))
    accept("accept/status-15.edxml", data, "status", sent, status_code="15")
    revoked = doc_id(ORGS["sgd"], "2025/11/10", "3305", "SGDĐT-TCCB")
    data = to_bytes(status(ORGS["p_rg"], (ORGS["sgd"].id, "3305/SGDĐT-TCCB", "2025/11/10",
                                          revoked),
                           "16", "Từ chối lấy lại: văn bản đã được phân công xử lý",
                           "2025/11/12 15:02:08"))
    accept("accept/status-16.edxml", data, "status", revoked, status_code="16")

    data = to_bytes(status(ORGS["snnmt"], rf, "5", "Đang xử lý", "2025/11/04 13:00:00"))
    accept("accept/status-unpadded-5.edxml", data, "status", sent, status_code="05")
    data = to_bytes(status(ORGS["stp"], rf, "03", "Đã vào sổ văn bản đến số 880",
                           "2025/11/03 15:45:10", header_tag="Status"))
    accept("accept/status-header-named-status.edxml", data, "status", sent, status_code="03")
    ours = doc_id(ORGS["ubnd"], "2025/10/28", "5120", "UBND-KT")
    data = to_bytes(status(ORGS["hcm"], (ORGS["ubnd"].id, "5120/UBND-KT", "2025/10/28", ours),
                           "01", "Đã đến", "2025/10/28 17:25:03",
                           rf_order=("OrganId", "Code", "DocumentId", "PromulgationDate")))
    accept("accept/status-responsefor-reordered.edxml", data, "status", ours, status_code="01")


def build_legacy():
    """The flat http://www.go.vn/eDoc variant (edxml.md §1, vector T11): accepted, flagged."""
    pdf = make_pdf(["UY BAN NHAN DAN TINH LANG SON", "Số: 1432/UBND-KGVX",
                    "Trao đổi kinh nghiệm chuyển đổi số cấp xã"], "1432/UBND-KGVX")
    did = doc_id(ORGS["ls"], "2025/09/22", "1432", "UBND-KGVX")
    root = E("EdXMLEnvelope", [
        E("MessageHeader", [
            E("From", [E("OrganId", ORGS["ls"].id), E("OrganName", ORGS["ls"].name)]),
            E("To", [E("OrganId", ORGS["ubnd"].id), E("OrganName", ORGS["ubnd"].name)]),
            E("Code", [E("CodeNumber", "1432"), E("CodeNotation", "UBND-KGVX")]),
            E("PromulgationInfo", [E("Place", "Lạng Sơn"),
                                   E("PromulgationDate", "2025/09/22")]),
            E("DocumentType", "Công văn"),
            E("Subject", "V/v trao đổi kinh nghiệm chuyển đổi số trong giải quyết thủ tục hành "
                         "chính cấp xã"),
            E("SignerInfo", [E("Competence", "KT. CHỦ TỊCH"), E("Position", "Phó Chủ tịch"),
                             E("FullName", "Hoàng Văn Páo")]),
            E("DocumentId", did),
        ]),
        E("TraceHeaderList", [E("TraceHeader", [E("OrganId", ORGS["ls"].id),
                                                E("Timestamp", "2025/09/22 15:10:00")])]),
        E("Attachment", [E("FileName", "1432_UBND-KGVX.pdf"), E("FileType", MIME_PDF),
                         E("Content", base64.b64encode(pdf).decode())]),
    ], {"xmlns": NS_GOVN})
    accept("accept/legacy-go-vn.edxml", to_bytes(root), "document", did,
           [Att("1432_UBND-KGVX.pdf", MIME_PDF, pdf)], warning="legacy-format")

    # Lower-case root, a prefix for the namespace, attachments inside Manifest, a UUID id.
    p = "e:"
    txt = "Danh sách cán bộ đầu mối chuyển đổi số cấp xã tỉnh Lạng Sơn\n".encode()
    payload = make_zip([("dau-moi.txt", txt, False)])
    uid = fixed_uuid("legacy-go-vn-manifest")
    root = E(p + "edXMLEnvelope", [
        E(p + "MessageHeader", [
            E(p + "From", [E(p + "OrganId", ORGS["ls"].id), E(p + "OrganName", ORGS["ls"].name)]),
            E(p + "To", [E(p + "OrganId", ORGS["ubnd"].id),
                         E(p + "OrganName", ORGS["ubnd"].name)]),
            E(p + "Code", [E(p + "CodeNumber", "1433"), E(p + "CodeNotation", "UBND-KGVX")]),
            E(p + "PromulgationInfo", [E(p + "PromulgationDate", "2025/09/22")]),
            E(p + "DocumentType", "Công văn"),
            E(p + "Subject", "V/v cung cấp danh sách cán bộ đầu mối chuyển đổi số cấp xã"),
            E(p + "DocumentId", uid),
            E(p + "TraceHeaderList", [E(p + "TraceHeader", [
                E(p + "OrganId", ORGS["ls"].id), E(p + "Timestamp", "2025/09/22 15:12:30")])]),
        ]),
        E(p + "Manifest", [E(p + "Attachment", [
            E(p + "FileName", "dau-moi.txt"), E(p + "FileType", MIME_ZIP),
            E(p + "Content", base64.b64encode(payload).decode())])]),
    ], {"xmlns:e": NS_GOVN})
    accept("accept/legacy-go-vn-prefixed-manifest.edxml", to_bytes(root), "document", uid,
           [Att("dau-moi.txt", MIME_ZIP, payload, final=txt)], warning="legacy-format")

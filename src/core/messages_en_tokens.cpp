// English renderings: personal signatures with the official's own USB token (issue 9) — the
// signing agent (agent), two-step signing (crypto, xml, pdf, signing, api) (message_catalog.hpp).
#include "messages_en.hpp"

namespace cqdt::internal {
namespace {

constexpr MessageTranslation kMessages[] = {
    // signing: key passwords throttled (issue 8, item 4).
    {"Tạm khóa việc ký bằng khóa {} của {} {} phút vì nhập sai mật khẩu quá {} lần",
     "Signing with key {} by {} locked for {} minutes after more than {} wrong passwords"},
    {"Bạn đã nhập sai mật khẩu hoặc mã PIN của khóa ký quá nhiều lần. Vui lòng thử lại sau {} "
     "phút.",
     "You entered a wrong password or PIN for the signing key too many times. Please try again "
     "in {} minutes."},
    {"Nhập sai mật khẩu hoặc mã PIN của khóa ký {} (lần {}/{} trong {} phút)",
     "Wrong password or PIN for signing key {} (attempt {}/{} within {} minutes)"},
    {"Sai mật khẩu hoặc mã PIN của khóa ký.", "Wrong password or PIN for the signing key."},
    // signing: trust anchors, pinned certificates, the shipped national roots (items 15, 18).
    {"Chỉ ghim được từng chứng thư số một; tệp có {} chứng thư.",
     "Certificates are pinned one at a time; the file holds {} certificates."},
    {"Chứng thư số \"{}\" không phải của tổ chức chứng thực (CA) nên không thể làm CA tin cậy. "
     "Nếu chỉ muốn tin cậy chữ ký của chính chứng thư này, hãy chọn \"Ghim một chứng thư cụ "
     "thể\".",
     "The certificate \"{}\" is not a certification authority's (CA), so it cannot be a trusted "
     "CA. To trust only this certificate's own signatures, choose \"Pin one certificate\"."},
    {"Chứng thư số \"{}\" là của tổ chức chứng thực (CA): hãy thêm nó như một CA tin cậy, không "
     "ghim.",
     "The certificate \"{}\" belongs to a certification authority (CA): add it as a trusted "
     "CA, do not pin it."},
    {"Ghim chứng thư số tin cậy ({}): {} — SHA-256 {}",
     "Pinned a trusted certificate ({}): {} — SHA-256 {}"},
    {"Tin cậy tổ chức chứng thực gốc có sẵn trong cqdt (document): {} — SHA-256 {}",
     "Trusted a root CA shipped with cqdt (document): {} — SHA-256 {}"},
    {"Giá trị ghim phải là true hoặc false.", "The pin value must be true or false."},
    {"Chỉ chứng thư số không phải CA mới dùng self_signed.",
     "Only a certificate that is not a CA may use self_signed."},
    // crypto/token, crypto/digest_signature, crypto/cms_sign.
    {"Không nạp được trình điều khiển thiết bị ký (PKCS#11): {}",
     "The signing device's driver (PKCS#11) cannot be loaded: {}"},
    {"Không đọc được danh sách thiết bị ký.", "The list of signing devices cannot be read."},
    {"Mã PIN của thiết bị ký đã bị khóa hoặc hết hạn; liên hệ đơn vị cấp chứng thư số.",
     "The signing device's PIN is locked or expired; contact the certificate's issuer."},
    {"Không đăng nhập được vào thiết bị ký.", "Cannot log in to the signing device."},
    {"Không tìm thấy khóa bí mật của chứng thư số trên thiết bị ký.",
     "The certificate's private key is not on the signing device."},
    {"Loại khóa của chứng thư số không dùng được để ký CMS.",
     "The certificate's key type cannot make a CMS signature."},
    {"Chỉ ký được bằng khóa RSA hoặc ECDSA.", "Only RSA or ECDSA keys can sign."},
    {"Dữ liệu chuẩn bị ký không hợp lệ.", "The prepared signing data is not valid."},
    {"Chữ ký trả về không khớp với chứng thư số hoặc với dữ liệu đã chuẩn bị.",
     "The returned signature does not match the certificate or the prepared data."},
    {"Mã băm SHA-256 phải gồm đúng 32 byte.", "A SHA-256 digest must be exactly 32 bytes."},
    {"Khóa không ký được (thiết bị ký từ chối hoặc loại khóa không hỗ trợ).",
     "The key cannot sign (the signing device refused, or the key type is not supported)."},
    // pdf/pdf_embed.
    {"Tệp PDF chuẩn bị ký không hợp lệ.", "The prepared PDF is not valid."},
    {"Chữ ký số rỗng.", "The signature is empty."},
    // signing/external_signing: bindings.
    {"Chỉ cán bộ đăng nhập mới được ký số bằng thiết bị ký.",
     "Only a signed-in official can sign with a signing device."},
    {"Không đọc được chứng thư số (cần tệp PEM hoặc DER).",
     "The certificate cannot be read (a PEM or DER file is needed)."},
    {"Đây là chứng thư số của tổ chức chứng thực, không phải của cá nhân người ký.",
     "This is a certification authority's certificate, not a signer's own."},
    {"Chứng thư số đã hết hạn.", "The certificate has expired."},
    {"Ảnh chữ ký phải là tệp PNG không quá 512 KB.",
     "The signature image must be a PNG file of at most 512 KB."},
    {"Chứng thư số này đã được đăng ký cho tài khoản của bạn.",
     "This certificate is already registered for your account."},
    {"Chứng thư số này đã được đăng ký cho một tài khoản khác.",
     "This certificate is already registered for another account."},
    {"Đăng ký chứng thư số {} — {} cho tài khoản {} (chờ quản trị xác nhận)",
     "Registered certificate {} — {} for account {} (awaiting an administrator's confirmation)"},
    {"Chỉ quản trị hệ thống mới xác nhận được chứng thư số.",
     "Only a system administrator can confirm a certificate."},
    {"Chứng thư số này đã được xác nhận.", "This certificate is confirmed already."},
    {"Xác nhận chứng thư số {} của tài khoản {}", "Confirmed certificate {} of account {}"},
    {"Gỡ chứng thư số {} khỏi tài khoản {}", "Removed certificate {} from account {}"},
    // signing/external_signing: two-step signing.
    {"Chứng thư số này chưa được đăng ký cho tài khoản của bạn. Hãy đăng ký tại trang Ký số và "
     "chờ quản trị hệ thống xác nhận.",
     "This certificate is not registered for your account. Register it on the Signing page and "
     "wait for a system administrator to confirm it."},
    {"Chứng thư số của bạn đang chờ quản trị hệ thống xác nhận, chưa dùng để ký được.",
     "Your certificate is waiting for a system administrator's confirmation and cannot sign yet."},
    {"Chứng thư số đã bị thu hồi, không dùng để ký được.",
     "The certificate has been revoked and cannot sign."},
    {"Chứng thư số không còn hiệu lực (hết hạn hoặc chưa đến ngày hiệu lực).",
     "The certificate is not valid now (expired or not yet valid)."},
    {"Chưa kiểm tra được tình trạng thu hồi của chứng thư số (không lấy được CRL/OCSP). Vui "
     "lòng thử lại sau.",
     "The certificate's revocation status could not be checked (no CRL/OCSP answer). Please try "
     "again later."},
    {"Chứng thư số không do tổ chức chứng thực tin cậy phát hành.",
     "The certificate was not issued by a trusted certification authority."},
    {"Chứng thư số không hợp lệ để ký văn bản: {}",
     "The certificate is not valid for signing documents: {}"},
    {"Chưa gửi chứng thư số của thiết bị ký.", "The signing device's certificate was not sent."},
    {"Chữ ký cá nhân hiển thị theo hình thức chữ ký người ký (signer) hoặc không hiển thị (none).",
     "A personal signature shows as the signer's signature (signer) or not at all (none)."},
    {"Bạn đang có quá nhiều lượt ký chưa hoàn tất. Vui lòng hoàn tất hoặc đợi vài phút.",
     "You have too many unfinished signatures. Please finish them or wait a few minutes."},
    {"Cần gửi đúng một trong hai: giá trị chữ ký (signature) hoặc cả chữ ký CMS (cms).",
     "Send exactly one of the two: the signature value (signature) or a whole CMS signature "
     "(cms)."},
    {"phiên ký", "signing session"},
    {"Phiên ký này đã được hoàn tất; mỗi phiên chỉ dùng được một lần.",
     "This signing session is completed already; each session can be used once."},
    {"Phiên ký đã hết hạn. Vui lòng ký lại.",
     "The signing session has expired. Please sign again."},
    {"Chữ ký XML chỉ nhận giá trị chữ ký (signature), không nhận CMS.",
     "An XML signature takes a signature value (signature), not a CMS."},
    {"Chữ ký CMS gửi lên không khớp với chứng thư số hoặc với dữ liệu đã chuẩn bị.",
     "The CMS signature sent does not match the certificate or the prepared data."},
    {"Ký số tệp \"{}\" (SHA-256 {}) bằng thiết bị ký của người ký (USB token), chứng thư số {}",
     "Signed the file \"{}\" (SHA-256 {}) with the signer's own signing device (USB token), "
     "certificate {}"},
    // api/external_signing_routes.
    {"Chưa gửi chứng thư số của thiết bị ký (tiêu đề X-Signing-Certificate).",
     "The signing device's certificate was not sent (X-Signing-Certificate header)."},
    {"Chứng thư số gửi lên không đọc được.", "The certificate sent cannot be read."},
    {"Trường '{}' phải là dữ liệu base64.", "The field '{}' must be base64 data."},
    {"Ảnh chữ ký phải là dữ liệu base64.", "The signature image must be base64 data."},
    // agent: the local signing agent's answers to the page.
    {"Tên máy không hợp lệ.", "The host name is not valid."},
    {"Trang web này chưa được phép dùng phần mềm ký số trên máy của bạn.",
     "This website is not allowed to use the signing agent on your computer."},
    {"Trang web chưa được ghép nối với phần mềm ký số (thiếu hoặc sai mã ghép nối).",
     "The website is not paired with the signing agent (missing or wrong pairing token)."},
    {"Nội dung JSON không hợp lệ.", "The JSON content is not valid."},
    {"Chưa chọn chứng thư số.", "No certificate was chosen."},
    {"Danh sách văn bản cần ký phải có từ 1 đến {} văn bản.",
     "The list of documents to sign must hold 1 to {} documents."},
    {"Mỗi văn bản cần tên (name) và mã băm SHA-256 (digest, base64).",
     "Each document needs a name (name) and a SHA-256 digest (digest, base64)."},
    {"chứng thư số trên thiết bị ký (USB token đã được cắm chưa?)",
     "certificate on the signing device (is the USB token plugged in?)"},
    {"Người ký đã từ chối hoặc không xác nhận kịp.",
     "The signer refused or did not confirm in time."},
    {"Người dùng đã từ chối ghép nối.", "The user refused the pairing."},
    {"Không có địa chỉ này.", "There is no such address."},
};

}  // namespace

std::span<const MessageTranslation> EnglishTokenSigningMessages() { return kMessages; }

}  // namespace cqdt::internal

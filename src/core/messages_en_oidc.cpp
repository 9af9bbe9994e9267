// English renderings: sign-in to the public portal through an OpenID Connect provider (VNeID;
// issue 13, item 2) (message_catalog.hpp).
#include "messages_en.hpp"

namespace cqdt::internal {
namespace {

constexpr MessageTranslation kMessages[] = {
    // crypto/jws.cpp, oidc/id_token.cpp
    {"Khóa công khai (JWK) của nhà cung cấp không hợp lệ.",
     "The provider's public key (JWK) is not valid."},
    {"Tập khóa công khai (JWKS) của nhà cung cấp định danh không hợp lệ.",
     "The identity provider's key set (JWKS) is not valid."},
    {"Mã định danh (ID token) của nhà cung cấp định danh không hợp lệ.",
     "The identity provider's ID token is not valid."},
    // oidc/curl_http_client.cpp, oidc/provider.cpp
    {"Địa chỉ của nhà cung cấp định danh phải dùng https:// (http:// chỉ với máy này).",
     "The identity provider's address must use https:// (http:// only on this machine)."},
    {"Không kết nối được nhà cung cấp định danh.", "Cannot reach the identity provider."},
    {"Nhà cung cấp định danh chưa sẵn sàng. Vui lòng thử lại sau.",
     "The identity provider is not available. Please try again later."},
    {"Nhà cung cấp định danh không chấp nhận yêu cầu đăng nhập.",
     "The identity provider did not accept the sign-in request."},
    // oidc/sign_in.cpp: refusals of a sign-in
    {"Đăng nhập qua định danh điện tử chưa sẵn sàng. Vui lòng thử lại sau.",
     "Sign-in with the electronic identity is not available. Please try again later."},
    {"Yêu cầu đăng nhập đã hết hạn. Vui lòng đăng nhập lại.",
     "The sign-in request has expired. Please sign in again."},
    {"Đăng nhập tại nhà cung cấp định danh chưa hoàn tất.",
     "The sign-in at the identity provider was not completed."},
    {"Không xác thực được kết quả đăng nhập từ nhà cung cấp định danh.",
     "The sign-in result from the identity provider could not be verified."},
    {"Nhà cung cấp định danh không cho biết số định danh cá nhân hợp lệ.",
     "The identity provider did not give a valid personal identification number."},
    {"Yêu cầu đăng nhập không hợp lệ hoặc đã được dùng. Vui lòng đăng nhập lại.",
     "The sign-in request is not valid or was already used. Please sign in again."},
    {"Từ chối đăng nhập qua định danh điện tử: {}",
     "Sign-in with the electronic identity refused: {}"},
    // identity/identity_sessions.cpp
    {"Tạo tài khoản công dân theo định danh điện tử ({})",
     "Citizen account created from the electronic identity ({})"},
    {"Đăng nhập qua định danh điện tử ({})", "Signed in with the electronic identity ({})"},
    {"Chưa tạo được tài khoản. Vui lòng thử lại.",
     "The account could not be created. Please try again."},
    // api/oidc_routes.cpp
    {"Đăng nhập qua định danh điện tử chưa được bật.",
     "Sign-in with the electronic identity is not enabled."},
};

}  // namespace

std::span<const MessageTranslation> EnglishOidcMessages() { return kMessages; }

}  // namespace cqdt::internal

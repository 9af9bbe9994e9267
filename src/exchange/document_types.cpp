// The DocumentType tables (document_types.hpp), as data.
#include "document_types.hpp"

#include <iterator>
#include <string>
#include <vector>

#include "text/normalize.hpp"

namespace cqdt::exchange::internal {
namespace {

constexpr DocumentTypeCode kTypes[] = {
    {1, 1, "Hiến pháp"},
    {1, 2, "Luật"},
    {1, 3, "Pháp lệnh"},
    {1, 4, "Lệnh"},
    {1, 5, "Nghị quyết"},
    {1, 6, "Nghị quyết liên tịch"},
    {1, 7, "Nghị định"},
    {1, 8, "Quyết định"},
    {1, 9, "Thông tư"},
    {1, 10, "Thông tư liên tịch"},
    {1, 11, "Chỉ thị"},
    {1, 12, "Bộ luật"},
    {1, 13,
     "Văn bản quy phạm pháp luật của chính quyền địa phương ở đơn vị hành chính - kinh tế đặc "
     "biệt"},
    {2, 1, "Nghị quyết"},
    {2, 2, "Quyết định"},
    {2, 3, "Chỉ thị"},
    {2, 4, "Quy chế"},
    {2, 5, "Quy định"},
    {2, 6, "Thông cáo"},
    {2, 7, "Thông báo"},
    {2, 8, "Hướng dẫn"},
    {2, 9, "Chương trình"},
    {2, 10, "Kế hoạch"},
    {2, 11, "Phương án"},
    {2, 12, "Đề án"},
    {2, 13, "Dự án"},
    {2, 14, "Báo cáo"},
    {2, 15, "Biên bản"},
    {2, 16, "Tờ trình"},
    {2, 17, "Hợp đồng"},
    {2, 18, "Công văn"},
    {2, 19, "Công điện"},
    {2, 20, "Bản ghi nhớ"},
    {2, 21, "Bản cam kết"},
    {2, 22, "Bản thỏa thuận"},
    {2, 23, "Giấy chứng nhận"},
    {2, 24, "Giấy ủy quyền"},
    {2, 25, "Giấy mời"},
    {2, 26, "Giấy giới thiệu"},
};

std::string Fold(std::string_view s) {
  auto folded = text::FoldForSearch(s);
  std::string out = folded ? *folded : std::string(s);
  // "(cá biệt)" and spacing are not part of the name.
  if (auto paren = out.find('('); paren != std::string::npos) {
    out.erase(paren);
  }
  while (!out.empty() && out.back() == ' ') {
    out.pop_back();
  }
  while (!out.empty() && out.front() == ' ') {
    out.erase(out.begin());
  }
  return out;
}

}  // namespace

std::optional<DocumentTypeCode> FindDocumentType(std::string_view name, int preferred_type) {
  const std::string key = Fold(name);
  if (key.empty()) {
    return std::nullopt;
  }
  static const std::vector<std::string> folded = [] {
    std::vector<std::string> v;
    for (const DocumentTypeCode& t : kTypes) {
      v.push_back(Fold(t.name));
    }
    return v;
  }();
  std::optional<DocumentTypeCode> found;
  for (std::size_t i = 0; i < std::size(kTypes); ++i) {
    const DocumentTypeCode& t = kTypes[i];
    if (folded[i] == key) {
      if (t.type == preferred_type) {
        return t;
      }
      if (!found) {
        found = t;
      }
    }
  }
  return found;
}

std::optional<DocumentTypeCode> FindDocumentType(int type, int detail) {
  for (const DocumentTypeCode& t : kTypes) {
    if (t.type == type && t.detail == detail) {
      return t;
    }
  }
  return std::nullopt;
}

}  // namespace cqdt::exchange::internal

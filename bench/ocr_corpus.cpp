// OCR benchmark corpus (issue 11, item 4): N one-page scanned documents, each an A4 page of
// Vietnamese administrative text rendered by cqdt's own A4 renderer and made an image-only PDF
// at 300 dpi (extract::testing::ScannedPdf), as a scanner would deliver it. Bench-only.
//   cqdt_ocr_corpus OUT_DIR N
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "extract/testing_scans.hpp"
#include "pdf/pdf.hpp"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: cqdt_ocr_corpus OUT_DIR N\n");
    return 2;
  }
  const std::filesystem::path out = argv[1];
  const int n = std::atoi(argv[2]);
  std::filesystem::create_directories(out);
  const std::vector<std::string> sentences = {
      "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015.",
      "Xét đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số 245/TTr-SNV.",
      "Ủy ban nhân dân tỉnh giao các sở, ban, ngành triển khai kế hoạch chuyển đổi số.",
      "Văn phòng Ủy ban nhân dân tỉnh theo dõi, đôn đốc việc thực hiện và báo cáo kết quả.",
      "Các cơ quan, đơn vị cập nhật hồ sơ công việc trên hệ thống quản lý văn bản điều hành.",
      "Thời hạn giải quyết thủ tục hành chính được tính theo ngày làm việc.",
      "Kinh phí thực hiện từ nguồn ngân sách nhà nước được giao trong dự toán năm 2026.",
      "Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, đề nghị phản ánh kịp thời.",
      "Sở Thông tin và Truyền thông hướng dẫn việc sử dụng chữ ký số chuyên dùng.",
      "Bộ phận tiếp nhận và trả kết quả tiếp nhận hồ sơ trực tuyến của tổ chức, cá nhân.",
  };
  std::mt19937 rng(11);
  for (int i = 0; i < n; ++i) {
    cqdt::pdf::TextDocument d;
    d.blocks = {
        {"ỦY BAN NHÂN DÂN TỈNH AN GIANG", 13, true, false, false},
        {"Số: " + std::to_string(100 + i) + "/QĐ-UBND", 13, false, false, false},
        {"An Giang, ngày 05 tháng 3 năm 2026", 14, false, true, true},
        {"QUYẾT ĐỊNH", 14, true, false, true},
    };
    for (int k = 0; k < 14; ++k) {
      d.blocks.push_back({sentences[rng() % sentences.size()], 14});
    }
    auto pdf = cqdt::pdf::RenderTextDocument(d);
    if (!pdf) {
      std::fprintf(stderr, "render failed\n");
      return 1;
    }
    std::ofstream f(out / ("scan-" + std::to_string(i) + ".pdf"), std::ios::binary);
    f << cqdt::extract::testing::ScannedPdf(*pdf, 300);
  }
  return 0;
}

#include <cstdio>

#include "demo_catalogue.hpp"
#include "demo_e_forms.hpp"
#include "org/agency_csv.hpp"
#include "services.hpp"

namespace cqdt::app {

extern const char* const kDemoAgenciesCsv;

namespace {

constexpr char kDemoPassword[] = "CqdtDemo@2026";

struct DemoUnit {
  const char* agency_code;
  const char* name;
  const char* short_name;
};

// Units per NĐ 150/2025 and TT 10/2025/TT-BNV as summarised in to-chuc-2025.md §3.
constexpr DemoUnit kUnits[] = {
    {"000.00.01.H01", "Văn phòng Sở", "VP"},
    {"000.00.01.H01", "Phòng Tổ chức, biên chế và Tổ chức phi chính phủ", "TCBC"},
    {"000.00.01.H01", "Phòng Cải cách hành chính", "CCHC"},
    {"000.00.07.H01", "Văn phòng Sở", "VP"},
    {"000.00.07.H01", "Phòng Chuyển đổi số", "CĐS"},
    {"000.00.13.H01", "Phòng Hành chính - Tổ chức", "HCTC"},
    {"000.00.41.H01", "Văn phòng HĐND và UBND", "VP"},
    {"000.00.41.H01", "Phòng Kinh tế, Hạ tầng và Đô thị", "KTHTĐT"},
    {"000.00.41.H01", "Phòng Văn hóa - Xã hội", "VHXH"},
    {"000.00.41.H01", "Trung tâm Phục vụ hành chính công", "TTPVHCC"},
    {"000.00.51.H01", "Văn phòng HĐND và UBND", "VP"},
    {"000.00.51.H01", "Phòng Kinh tế, Hạ tầng và Đô thị", "KTHTĐT"},
    {"000.00.51.H01", "Trung tâm Phục vụ hành chính công", "TTPVHCC"},
    {"000.00.61.H01", "Văn phòng HĐND và UBND", "VP"},
    {"000.00.61.H01", "Phòng Kinh tế", "KT"},
};

struct DemoUser {
  const char* username;
  const char* full_name;
  const char* role;
  const char* agency_code;
  const char* unit;
  const char* position;
  const char* label;
};

constexpr DemoUser kUsers[] = {
    {"admin", "Trần Quốc Bảo", "admin", "000.00.07.H01", "Phòng Chuyển đổi số", "Quản trị hệ thống",
     "quản trị / admin"},
    {"vanthu.ubnd", "Lê Thị Hồng", "clerk", "000.00.00.H01", "", "Văn thư",
     "văn thư / records clerk"},
    {"chuyenvien.snv", "Phạm Minh Khang", "officer", "000.00.01.H01", "Phòng Cải cách hành chính",
     "Chuyên viên", "chuyên viên / officer"},
    {"lanhdao.snv", "Nguyễn Văn Thành", "leader", "000.00.01.H01", "", "Giám đốc Sở",
     "lãnh đạo / leader"},
    {"vanthu.snv", "Đặng Thị Thu", "clerk", "000.00.01.H01", "Văn phòng Sở", "Văn thư",
     "văn thư / records clerk"},
    {"truongphong.snv", "Lâm Quốc Việt", "leader", "000.00.01.H01", "Phòng Cải cách hành chính",
     "Trưởng phòng Cải cách hành chính", "lãnh đạo phòng / unit head"},
    {"motcua.phuquoc", "Võ Thị Ngọc", "counter_officer", "000.00.51.H01",
     "Trung tâm Phục vụ hành chính công", "Công chức một cửa", "cán bộ một cửa / counter officer"},
    {"lanhdao.rachgia", "Huỳnh Thanh Sơn", "leader", "000.00.41.H01", "", "Chủ tịch UBND phường",
     "lãnh đạo / leader"},
    {"vanthu.rachgia", "Trương Thị Kim", "clerk", "000.00.41.H01", "Văn phòng HĐND và UBND",
     "Văn thư", "văn thư / records clerk"},
    {"chuyenvien.rachgia", "Phan Hữu Tài", "officer", "000.00.41.H01",
     "Phòng Kinh tế, Hạ tầng và Đô thị", "Công chức", "chuyên viên / officer"},
    {"motcua.rachgia", "Lý Thị Mai", "counter_officer", "000.00.41.H01", "Văn phòng HĐND và UBND",
     "Công chức một cửa", "cán bộ một cửa / counter officer"},
    // The province's one-stop desk: the centre receives the departments' procedures, and
    // Sở Nông nghiệp và Môi trường decides the land and environment ones (inter-agency dossiers).
    {"motcua.tthcc", "Đoàn Ngọc Hân", "counter_officer", "000.00.14.H01", "", "Công chức một cửa",
     "cán bộ một cửa / counter officer"},
    {"chuyenvien.snnmt", "Quách Minh Trí", "officer", "000.00.05.H01", "", "Chuyên viên",
     "chuyên viên / officer"},
    {"lanhdao.snnmt", "Châu Văn Lộc", "leader", "000.00.05.H01", "", "Giám đốc Sở",
     "lãnh đạo / leader"},
};

}  // namespace

Status LoadDemo(Services& s, bool print_accounts) {
  audit::Actor actor{UserId(), "demo", AgencyId(), "", "demo"};
  bool loaded = false;
  {
    auto tx = s.db->Begin();
    auto existing = s.agencies->List(tx, {"", "", true});
    if (!existing) {
      return existing.error();
    }
    if (existing->empty()) {
      CQDT_ASSIGN_OR_RETURN(auto rows, org::ParseAgencyCsv(kDemoAgenciesCsv));
      auto report = s.agencies->Import(tx, actor, rows);
      if (!report.ok) {
        for (const auto& r : report.rows) {
          for (const auto& e : r.errors) {
            std::fprintf(stderr, "demo row %d %s: %s\n", r.row, e.field.c_str(), e.message.c_str());
          }
        }
        return Error::Internal();
      }
      for (const auto& u : kUnits) {
        CQDT_ASSIGN_OR_RETURN(auto agency, s.agencies->GetByCode(tx, u.agency_code));
        CQDT_RETURN_IF_ERROR(
            s.agencies->CreateUnit(tx, actor, agency.id, {u.name, u.short_name, std::nullopt}));
      }
      CQDT_RETURN_IF_ERROR(tx.Commit());
      loaded = true;
    }
  }
  if (loaded) {
    for (const auto& u : kUsers) {
      identity::UserInput in;
      in.username = u.username;
      in.full_name = u.full_name;
      in.email = std::string(u.username) + "@demo.angiang.gov.vn";
      in.roles = std::vector<std::string>{u.role};
      in.position = u.position;
      in.password = kDemoPassword;
      // The demo's password is published in the README: asking each visitor to replace it
      // would lock the next one out.
      in.password_change_required = false;
      {
        auto tx = s.db->BeginRead();
        CQDT_ASSIGN_OR_RETURN(auto agency, s.agencies->GetByCode(tx, u.agency_code));
        in.agency_id = agency.id;
        if (*u.unit) {
          CQDT_ASSIGN_OR_RETURN(auto units, s.agencies->ListUnits(tx, agency.id));
          for (const auto& unit : units) {
            if (unit.name == u.unit) {
              in.unit_id = unit.id;
            }
          }
        }
      }
      CQDT_RETURN_IF_ERROR(s.identity->CreateUser(actor, in));
    }
    identity::CitizenInput citizen;
    citizen.full_name = "Nguyễn Thị Mai";
    citizen.citizen_id_number = "091095000123";
    citizen.phone = "0912345678";
    citizen.email = "mai.nguyen@example.com";
    citizen.password = kDemoPassword;
    CQDT_RETURN_IF_ERROR(s.identity->SignUpCitizen(actor, citizen));
    CQDT_RETURN_IF_ERROR(LoadDemoCatalogue(s, actor));
    CQDT_RETURN_IF_ERROR(LoadDemoEForms(s, actor));
  }
  if (print_accounts) {
    std::printf("%s\n",
                loaded ? "Đã nạp dữ liệu mẫu tỉnh An Giang / Demo province loaded."
                       : "Dữ liệu đã có sẵn, không nạp lại / Data present, demo not reloaded.");
    std::printf("Tài khoản mẫu / demo accounts (mật khẩu / password: %s)\n", kDemoPassword);
    for (const auto& u : kUsers) {
      std::printf("  %-18s %s — %s\n", u.username, u.label, u.agency_code);
    }
    std::printf("  %-18s công dân / citizen (Cổng dịch vụ công, đăng nhập bằng số CCCD)\n",
                "091095000123");
  }
  return Ok();
}

}  // namespace cqdt::app

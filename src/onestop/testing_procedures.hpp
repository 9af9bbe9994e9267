// A procedure the onestop tests share: birth registration at commune level, every list filled
// (two channels, fees, documents, legal basis, an inter-agency link, a process, an unconfirmed
// path), its half-day online deadline the shortest.
#pragma once

#include "onestop/procedure.hpp"

namespace cqdt::onestop::testing {

inline ProcedureContent BirthRegistration() {
  ProcedureContent c;
  c.code = "1.001193";
  c.national_code = "1.001193";
  c.name = "Thủ tục đăng ký khai sinh";
  c.published_number = "1234/QĐ-UBND";
  c.published_date = "2025-07-01";
  c.level = Level::kCommune;
  c.sector_code = "BTP-HOTICH";
  c.sector_name = "Hộ tịch";
  c.subjects = {Subject::kCitizen, Subject::kForeigner};
  c.performers = {"Ủy ban nhân dân cấp xã"};
  c.channels = {{Channel::kDirect,
                 {8, DeadlineUnit::kWorkingHours, "Ngay trong ngày"},
                 {{"Lệ phí", 0, "Miễn"}, {"Bản sao", 8000, "8.000 đồng/bản"}},
                 "Tại Bộ phận Một cửa"},
                {Channel::kOnline, {0.5, DeadlineUnit::kWorkingDays, ""}, {}, ""}};
  c.documents = {{"Tờ khai", 1, 0, true, false, "Mẫu tờ khai", ""},
                 {"Giấy chứng sinh", 1, 2, false, true, "", ""}};
  c.conditions = "Trong 60 ngày kể từ ngày sinh.";
  c.result_name = "Giấy khai sinh";
  c.result_electronic = true;
  c.legal_basis = {"Luật Hộ tịch số 60/2014/QH13", "Nghị định 123/2015/NĐ-CP"};
  c.online_level = OnlineLevel::kFull;
  c.chain = {{"Đăng ký thường trú", "Công an cấp xã"}};
  c.process = {{"Tiếp nhận", Performer::kCounter, 1}, {"Ký duyệt", Performer::kLeader, 2.5}};
  c.unconfirmed = {"sets", "channels[0].fees"};
  c.sources = {"Luật Hộ tịch"};
  return c;
}

}  // namespace cqdt::onestop::testing

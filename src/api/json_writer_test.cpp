#include "json_writer.hpp"

#include <gtest/gtest.h>

#include "internal.hpp"

namespace cqdt::api {
namespace {

using namespace std::string_literals;

std::string Dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

std::string Written(const std::string& s) {
  std::string out;
  JsonWriter(out).String(s);
  return out;
}

TEST(JsonWriterTest, WritesWhatNlohmannDumps) {
  const json expected = {
      {"id", 4},
      {"name", "Sở Nội vụ tỉnh An Giang"},
      {"quote", "a \"b\" \\ c / d"},
      {"control", "tab\there\nnew\rret\bbs\fff\x01\x1f\x7f\0end"s},
      {"items", json::array({1, -2, true, false, nullptr, "x", json::object(), json::array()})},
      {"big", std::int64_t{9007199254740993}},
  };
  std::string out;
  JsonWriter w(out);
  w.BeginObject();
  for (const auto& [key, value] : expected.items()) {
    w.Key(key).Value(value);
  }
  w.EndObject();
  EXPECT_EQ(out, Dump(expected));

  for (const auto& [key, value] : expected.items()) {
    if (value.is_string()) {
      EXPECT_EQ(Written(value.get<std::string>()), Dump(value)) << key;
    }
  }
  std::string list;
  JsonWriter(list)
      .BeginArray()
      .Int(1)
      .Int(-2)
      .Bool(true)
      .Bool(false)
      .Null()
      .String("x")
      .BeginObject()
      .EndObject()
      .BeginArray()
      .EndArray()
      .EndArray();
  EXPECT_EQ(list, Dump(expected["items"]));
}

TEST(JsonWriterTest, InvalidUtf8BecomesTheReplacementCharacter) {
  // Truncated sequence, stray continuation byte, overlong "/", a UTF-16 surrogate, above U+10FFFF.
  for (const std::string bad :
       {"a\xE1\xBB", "\x80x", "\xC0\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80"}) {
    const std::string out = Written(bad);
    const json parsed = json::parse(out, nullptr, false);
    ASSERT_FALSE(parsed.is_discarded()) << out;
    EXPECT_NE(parsed.get<std::string>().find("\xEF\xBF\xBD"), std::string::npos) << out;
  }
  EXPECT_EQ(Written("Đắk Lắk \xF0\x9F\x98\x80"), "\"Đắk Lắk \xF0\x9F\x98\x80\"");
}

TEST(JsonWriterTest, AgencyHasEveryFieldOfTheContract) {
  org::Agency a;
  a.id = AgencyId(4);
  a.code = "000.00.01.H01";
  a.name = "Sở Nội vụ";
  a.short_name = "SNV";
  a.kind = org::AgencyKind::kDepartment;
  a.parent_id = AgencyId(1);
  a.valid_from = "2025-07-01";
  a.created_at = "2026-01-01T00:00:00Z";
  a.updated_at = "2026-01-02T00:00:00Z";
  const json body = json::parse(AgencyResponse(200, a, "2026-03-01").body);
  const json expected = {{"id", 4},
                         {"code", "000.00.01.H01"},
                         {"name", "Sở Nội vụ"},
                         {"shortName", "SNV"},
                         {"kind", "department"},
                         {"level", "province"},
                         {"parentId", 1},
                         {"address", ""},
                         {"phone", ""},
                         {"email", ""},
                         {"website", ""},
                         {"validFrom", "2025-07-01"},
                         {"validTo", nullptr},
                         {"mergedIntoId", nullptr},
                         {"splitFromId", nullptr},
                         {"active", true},
                         {"createdAt", "2026-01-01T00:00:00Z"},
                         {"updatedAt", "2026-01-02T00:00:00Z"}};
  EXPECT_EQ(body, expected);
}

}  // namespace
}  // namespace cqdt::api

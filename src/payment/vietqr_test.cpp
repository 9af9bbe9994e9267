// VietQR payloads against the EMVCo CRC and the field layout, a payload another implementation
// published, and the PNG decoded back by zbarimg (zbar-tools) when it is
// installed.
#include "payment/vietqr.hpp"

#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>

#include <gtest/gtest.h>

#include "payment/qr_png_cache.hpp"

namespace cqdt::payment {
namespace {

TEST(VietQrTest, TheCrcIsCcittFalse) {
  EXPECT_EQ(Crc16CcittFalse("123456789"), 0x29B1);  // the catalogue's check value
  EXPECT_EQ(Crc16CcittFalse(""), 0xFFFF);
}

TEST(VietQrTest, APublishedPayloadIsReproducedByteForByte) {
  // subiz/vietqr's README: 120,000 đồng to account 0011001932418 at BIN 970415, "ung ho lu lut".
  auto p = BuildVietQr({"970415", "0011001932418", false, 120000, "ung ho lu lut"});
  ASSERT_TRUE(p) << p.error().message();
  EXPECT_EQ(*p,
            "00020101021238570010A00000072701270006970415011300110019324180208QRIBFTTA5303704"
            "54061200005802VN62170813ung ho lu lut6304C15C");
}

TEST(VietQrTest, TheFieldsAreWhereNapasPutsThem) {
  auto p = BuildVietQr({"970436", "0071000888888", false, 50000, "000.00.31.H01-251127-0001"});
  ASSERT_TRUE(p) << p.error().message();
  auto fields = ParseVietQr(*p);
  ASSERT_TRUE(fields) << fields.error().message();
  std::vector<std::string> ids;
  for (const auto& f : *fields) {
    ids.push_back(f.id);
  }
  EXPECT_EQ(ids, (std::vector<std::string>{"00", "01", "38", "53", "54", "58", "62", "63"}));
  EXPECT_EQ(fields->at(0).value, "01");
  EXPECT_EQ(fields->at(1).value, "12");  // dynamic: it has an amount
  const auto& merchant = fields->at(2).children;
  ASSERT_EQ(merchant.size(), 3U);
  EXPECT_EQ(merchant[0].value, "A000000727");
  ASSERT_EQ(merchant[1].children.size(), 2U);
  EXPECT_EQ(merchant[1].children[0].value, "970436");
  EXPECT_EQ(merchant[1].children[1].value, "0071000888888");
  EXPECT_EQ(merchant[2].value, "QRIBFTTA");
  EXPECT_EQ(fields->at(3).value, "704");
  EXPECT_EQ(fields->at(4).value, "50000");
  EXPECT_EQ(fields->at(5).value, "VN");
  ASSERT_EQ(fields->at(6).children.size(), 1U);
  EXPECT_EQ(fields->at(6).children[0].id, "08");
  EXPECT_EQ(fields->at(6).children[0].value, "000.00.31.H01-251127-0001");

  // A static code has no amount; a card is QRIBFTTC.
  auto card = BuildVietQr({"970436", "9704366800000000", true, 0, ""});
  ASSERT_TRUE(card);
  auto read = ParseVietQr(*card);
  ASSERT_TRUE(read);
  EXPECT_EQ(read->at(1).value, "11");
  EXPECT_EQ(read->at(2).children[2].value, "QRIBFTTC");
  for (const auto& f : *read) {
    EXPECT_NE(f.id, "54");
    EXPECT_NE(f.id, "62");
  }
}

TEST(VietQrTest, AChangedByteFailsTheCrcAndBadInputNamesItsField) {
  auto p = BuildVietQr({"970415", "0011001932418", false, 120000, "X"});
  ASSERT_TRUE(p);
  std::string changed = *p;
  changed[changed.find("120000")] = '9';
  EXPECT_FALSE(ParseVietQr(changed));
  EXPECT_FALSE(ParseVietQr("0002016304"));
  auto bad = BuildVietQr({"97041", "00 11", false, -1, std::string(26, 'A')});
  ASSERT_FALSE(bad);
  std::vector<std::string> fields;
  for (const auto& e : bad.error().fields()) {
    fields.push_back(e.field);
  }
  EXPECT_EQ(fields, (std::vector<std::string>{"bin", "account", "amount", "purpose"}));
  EXPECT_FALSE(BuildVietQr({"970415", "1", false, 1, "khai sinh có dấu"}));
}

TEST(VietQrTest, ThePngDecodesBackToThePayload) {
  if (std::system("command -v zbarimg >/dev/null 2>&1") != 0) {
    GTEST_SKIP() << "zbarimg (zbar-tools) is not installed";
  }
  auto p = BuildVietQr({"970415", "0011001932418", false, 150000, "000.00.31.H01-251127-0001"});
  ASSERT_TRUE(p);
  auto png = QrPng(*p, 4);
  ASSERT_TRUE(png) << png.error().message();
  ASSERT_EQ(png->substr(1, 3), "PNG");
  const auto file = std::filesystem::temp_directory_path() /
                    ("cqdt-vietqr-" + std::to_string(::getpid()) + ".png");
  std::ofstream(file, std::ios::binary) << *png;
  const std::string command = "zbarimg --quiet --raw " + file.string() + " 2>/dev/null";
  std::unique_ptr<FILE, decltype(&pclose)> pipe(popen(command.c_str(), "r"), &pclose);
  ASSERT_TRUE(pipe);
  std::string out;
  std::array<char, 512> buffer{};
  while (std::fgets(buffer.data(), buffer.size(), pipe.get()) != nullptr) {
    out += buffer.data();
  }
  pipe.reset();
  std::filesystem::remove(file);
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) {
    out.pop_back();
  }
  EXPECT_EQ(out, *p);
}

TEST(QrPngCacheTest, GivesTheSameImageAndKeepsAtMostItsCapacity) {
  QrPngCache cache(2);
  auto direct = QrPng("000.00.31.H01-251127-0001", 6);
  ASSERT_TRUE(direct);
  auto first = cache.Get("000.00.31.H01-251127-0001", 6);
  auto again = cache.Get("000.00.31.H01-251127-0001", 6);
  ASSERT_TRUE(first);
  ASSERT_TRUE(again);
  EXPECT_EQ(*first, *direct);
  EXPECT_EQ(*again, *direct);
  EXPECT_EQ(cache.size(), 1U);
  ASSERT_TRUE(cache.Get("000.00.31.H01-251127-0001", 4));  // another scale, another image
  ASSERT_TRUE(cache.Get("000.00.31.H01-251127-0002", 6));
  EXPECT_EQ(cache.size(), 2U);
  auto redrawn = cache.Get("000.00.31.H01-251127-0001", 6);  // evicted, drawn again
  ASSERT_TRUE(redrawn);
  EXPECT_EQ(*redrawn, *direct);
}

}  // namespace
}  // namespace cqdt::payment

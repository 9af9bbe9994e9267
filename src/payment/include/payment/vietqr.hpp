// VietQR: NAPAS's QR code for interbank transfers (IBFT), an EMVCo merchant-presented payload
// that every Vietnamese banking app scans (issue 13 item 4). A fee-bearing dossier's payment code
// names the agency's bank (its NAPAS BIN) and account, the amount in đồng and the dossier code as
// the purpose, so that the bank statement's line carries the code the reconciliation matches.
//
// Layout (ID, 2-digit length, value; EMVCo QRCPS-MPM; NAPAS IBFT):
//   00 "01" payload format · 01 "11" static (no amount) or "12" dynamic (with amount)
//   38 merchant account: 00 "A000000727" (NAPAS's AID), 01 {00 BIN (6 digits), 01 account},
//      02 "QRIBFTTA" (to an account) or "QRIBFTTC" (to a card)
//   53 "704" (VND) · 54 amount (digits) · 58 "VN" · 62 {08 purpose} · 63 CRC
// The CRC is CRC-16/CCITT-FALSE (polynomial 0x1021, initial 0xFFFF) over the whole payload up to
// and including "6304", written as 4 upper-case hexadecimal digits.
//
// Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace cqdt::payment {

struct VietQrInput {
  std::string bin;      // the beneficiary bank's NAPAS BIN: 6 digits
  std::string account;  // account (or card) number: 1..19 of digits and ASCII letters
  bool to_card = false;
  std::int64_t amount = 0;  // đồng; 0: a static code, the payer types the amount
  std::string purpose;      // ..25 printable ASCII characters (the dossier code)
};

// CRC-16/CCITT-FALSE of `data` ("123456789" -> 0x29B1).
std::uint16_t Crc16CcittFalse(std::string_view data);

// The payload, or kInvalidArgument naming bin, account, amount (0..9,999,999,999,999) or purpose.
Result<std::string> BuildVietQr(const VietQrInput& in);

// One data object of a payload, for checks: its ID, value, and nested objects when the ID is a
// template (26..51 and 62).
struct TlvField {
  std::string id;
  std::string value;
  std::vector<TlvField> children;
};

// Reads a payload back: the top-level objects in order, with 38 (and its 01) and 62 opened.
// kMalformed when the TLV structure does not hold, the CRC object is not last, or the CRC does
// not match.
Result<std::vector<TlvField>> ParseVietQr(std::string_view payload);

// `text` as a QR code (libqrencode, error correction M, 8-bit mode) drawn black on white in a PNG
// (libpng), each module `scale` pixels, with a quiet zone of 4 modules.
Result<std::string> QrPng(std::string_view text, int scale = 8);

}  // namespace cqdt::payment

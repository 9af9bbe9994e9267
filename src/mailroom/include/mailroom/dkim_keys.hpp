// Where the mail intake finds the public keys of DKIM signatures (RFC 6376 §3.6.2): the TXT
// record at <selector>._domainkey.<domain>. An interface, implemented by a DNS query through the
// system's resolver (glibc's res_nquery, /etc/resolv.conf) and by a static table for closed
// networks and tests; the table may fall back to another lookup.
//
// An answer is found (the record's text, its character-strings joined), not found (NXDOMAIN, or
// no TXT record: a signature whose key is not published, RFC 6376 §6.1.2 PERMFAIL) or a
// temporary error (no answer, SERVFAIL, no resolver: try again later, TEMPFAIL).
// Thread safety: both implementations may be called from any thread.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace cqdt::mailroom {

struct DkimKeyAnswer {
  enum class Status { kFound, kNotFound, kTempError };
  Status status = Status::kTempError;
  std::string record;  // kFound: "v=DKIM1; k=rsa; p=..."
  std::string detail;  // why not found (English, for the log: the resolver's words)
};

class DkimKeyLookup {
 public:
  virtual ~DkimKeyLookup() = default;
  // `selector` and `domain` come from a received message (untrusted): an implementation checks
  // that they are host-name labels before it asks anything.
  virtual DkimKeyAnswer Find(std::string_view selector, std::string_view domain) = 0;
};

// The system's resolver. Each query waits at most `timeout_seconds` per try, two tries.
class DnsDkimKeyLookup : public DkimKeyLookup {
 public:
  explicit DnsDkimKeyLookup(int timeout_seconds = 5) : timeout_seconds_(timeout_seconds) {}
  DkimKeyAnswer Find(std::string_view selector, std::string_view domain) override;

 private:
  int timeout_seconds_;
};

// Keys given by name ("<selector>._domainkey.<domain>", lower case) -> record; a name not in
// the table goes to `fallback` (nullptr: not found).
class StaticDkimKeyLookup : public DkimKeyLookup {
 public:
  explicit StaticDkimKeyLookup(std::map<std::string, std::string> records,
                               std::shared_ptr<DkimKeyLookup> fallback = nullptr)
      : records_(std::move(records)), fallback_(std::move(fallback)) {}
  DkimKeyAnswer Find(std::string_view selector, std::string_view domain) override;

 private:
  std::map<std::string, std::string> records_;
  std::shared_ptr<DkimKeyLookup> fallback_;
};

// The name queried: "<selector>._domainkey.<domain>" lower-cased, or "" when either part is not
// a dot-separated run of LDH labels (the name must not be steered anywhere else).
std::string DkimKeyName(std::string_view selector, std::string_view domain);

// The TXT records of a DNS answer (`answer`, as res_nquery returns it), each record's
// character-strings joined; empty when the answer holds none. Malformed answers give none.
std::vector<std::string> ParseTxtAnswer(const unsigned char* answer, int length);

}  // namespace cqdt::mailroom

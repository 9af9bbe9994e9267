#include "mailroom/dkim_keys.hpp"

#include <netdb.h>
#include <resolv.h>

#include <algorithm>
#include <cstring>

#include <arpa/nameser.h>
#include <netinet/in.h>

#include "mail/address.hpp"

namespace cqdt::mailroom {

std::string DkimKeyName(std::string_view selector, std::string_view domain) {
  // Untrusted (s= and d= of a received message): LDH labels only, so the query cannot name
  // anything but a key record under the signer's own domain.
  if (selector.empty() || domain.empty() || !mail::IsValidDomain(selector) ||
      !mail::IsValidDomain(domain)) {
    return "";
  }
  std::string name = std::string(selector) + "._domainkey." + std::string(domain);
  for (char& c : name) {
    if (c >= 'A' && c <= 'Z') {
      c = static_cast<char>(c - 'A' + 'a');
    }
  }
  return name.size() <= 253 ? name : "";
}

std::vector<std::string> ParseTxtAnswer(const unsigned char* answer, int length) {
  std::vector<std::string> out;
  ns_msg msg;
  if (answer == nullptr || length <= 0 || ns_initparse(answer, length, &msg) != 0) {
    return out;
  }
  const int count = ns_msg_count(msg, ns_s_an);
  for (int i = 0; i < count; ++i) {
    ns_rr rr;
    if (ns_parserr(&msg, ns_s_an, i, &rr) != 0) {
      return {};
    }
    if (ns_rr_type(rr) != ns_t_txt || ns_rr_class(rr) != ns_c_in) {
      continue;  // a CNAME on the way
    }
    // RFC 1035 §3.3.14: one or more <character-string>s, each a length byte and that many
    // octets; RFC 6376 §3.6.2.2: a key record split over several strings is their concatenation.
    const unsigned char* p = ns_rr_rdata(rr);
    const unsigned char* end = p + ns_rr_rdlen(rr);
    std::string record;
    bool ok = true;
    while (p < end) {
      const std::size_t n = *p++;
      if (static_cast<std::size_t>(end - p) < n) {
        ok = false;
        break;
      }
      record.append(reinterpret_cast<const char*>(p), n);
      p += n;
    }
    if (ok) {
      out.push_back(std::move(record));
    }
  }
  return out;
}

DkimKeyAnswer DnsDkimKeyLookup::Find(std::string_view selector, std::string_view domain) {
  DkimKeyAnswer out;
  const std::string name = DkimKeyName(selector, domain);
  if (name.empty()) {
    out.status = DkimKeyAnswer::Status::kNotFound;
    out.detail = "selector or domain is not a host name";
    return out;
  }
  // A resolver state of this call's own: res_nquery is thread-safe with it.
  struct __res_state state;
  std::memset(&state, 0, sizeof state);
  if (res_ninit(&state) != 0) {
    out.detail = "no resolver configuration";
    return out;
  }
  state.retrans = timeout_seconds_;
  state.retry = 2;
  unsigned char answer[8192];
  const int length = res_nquery(&state, name.c_str(), ns_c_in, ns_t_txt, answer, sizeof answer);
  const int error = state.res_h_errno;
  res_nclose(&state);
  if (length < 0) {
    // HOST_NOT_FOUND: NXDOMAIN; NO_DATA: the name exists without TXT. TRY_AGAIN (SERVFAIL, no
    // answer) and NO_RECOVERY are temporary for DKIM (RFC 6376 §6.1.2: TEMPFAIL).
    if (error == HOST_NOT_FOUND || error == NO_DATA) {
      out.status = DkimKeyAnswer::Status::kNotFound;
      out.detail = "no TXT record at " + name;
    } else {
      out.detail = "DNS query for " + name + " failed: " + hstrerror(error);
    }
    return out;
  }
  auto records = ParseTxtAnswer(answer, std::min<int>(length, sizeof answer));
  // RFC 6376 §3.6.2.2: several key records at one name: use the first that parses; the
  // verifier says when it does not.
  for (std::string& r : records) {
    if (r.find("p=") != std::string::npos) {
      out.status = DkimKeyAnswer::Status::kFound;
      out.record = std::move(r);
      return out;
    }
  }
  out.status = DkimKeyAnswer::Status::kNotFound;
  out.detail = "no key record at " + name;
  return out;
}

DkimKeyAnswer StaticDkimKeyLookup::Find(std::string_view selector, std::string_view domain) {
  const std::string name = DkimKeyName(selector, domain);
  if (auto it = records_.find(name); !name.empty() && it != records_.end()) {
    return {DkimKeyAnswer::Status::kFound, it->second, ""};
  }
  if (fallback_ != nullptr) {
    return fallback_->Find(selector, domain);
  }
  return {DkimKeyAnswer::Status::kNotFound, "", "no key record at " + name + " in the table"};
}

}  // namespace cqdt::mailroom

// VersionContentCache (sql_procedure_repository.hpp): the lists of used procedure versions.
#include "sql_procedure_repository.hpp"

namespace cqdt::onestop {

namespace {

// The lists LoadChildren reads (the rest of a version is its own row).
void CopyLists(const ProcedureContent& from, ProcedureContent& to) {
  to.channels = from.channels;
  to.documents = from.documents;
  to.performers = from.performers;
  to.legal_basis = from.legal_basis;
  to.unconfirmed = from.unconfirmed;
  to.sources = from.sources;
  to.chain = from.chain;
  to.process = from.process;
}

}  // namespace

bool VersionContentCache::Get(long long version, ProcedureContent& c) const {
  std::lock_guard lock(mu_);
  auto it = lists_.find(version);
  if (it == lists_.end()) {
    return false;
  }
  CopyLists(it->second, c);
  return true;
}

void VersionContentCache::Put(long long version, const ProcedureContent& c) {
  ProcedureContent l;
  CopyLists(c, l);
  std::lock_guard lock(mu_);
  if (lists_.size() >= kMaxVersions) {
    lists_.clear();
  }
  lists_[version] = std::move(l);
}

}  // namespace cqdt::onestop

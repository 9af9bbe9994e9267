// The orphan sweeper must know every column that keeps a blob key: a missed one would have its
// files deleted. Applies every migration to a fresh SQLite database and checks that each column
// named like a blob key is listed by a module's BlobReferences() (or is known not to be one).
#include "blob_references.hpp"

#include <algorithm>
#include <cctype>
#include <set>

#include <gtest/gtest.h>

#include "blob/sweeper.hpp"
#include "crypto/crypto.hpp"
#include "db/migrator.hpp"
#include "db/rows.hpp"
#include "services.hpp"
#include "testing_migrated_db.hpp"

namespace cqdt::app {
namespace {

// Columns named like a blob key that hold something else, and why. A new entry needs a reason.
const std::set<std::string> kNotBlobKeys = {
    "blob_object.sha256",                      // the blob store's own table: the blobs themselves
    "signing_crl.der_sha256",                  // a CRL's digest; its bytes are in the row
    "signing_preparation.content_sha256",      // the digest a two-step signature signs
    "signing_preparation.certificate_sha256",  // a certificate's fingerprint
    "exchange_partner.secret_sha256",          // a member system's secret, hashed
};

using BlobReferencesTest = MigratedDatabaseTest;

TEST_F(BlobReferencesTest, EveryColumnNamedLikeABlobKeyIsListedBySomeSource) {
  std::set<std::string> listed;
  for (const auto& source : BlobReferenceSources()) {
    listed.insert(source.columns.begin(), source.columns.end());
  }
  std::vector<std::string> columns;
  {
    auto tx = db_->BeginRead();
    db::ForEachRow(tx,
                   "SELECT m.name, p.name FROM sqlite_master m, pragma_table_info(m.name) p "
                   "WHERE m.type = 'table'",
                   {}, [&](const db::RowView& row) {
                     columns.push_back(std::string(row.Text(0)) + "." + std::string(row.Text(1)));
                     return true;
                   });
  }
  ASSERT_GT(columns.size(), 100u);
  // A column named like a blob key: "sha256" or "blob" anywhere in it, in any case (no
  // std::regex: GCC 12 at -O1 under ASan warns maybe-uninitialized inside it, an error in CI).
  auto like_key = [](std::string name) {
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return name.find("sha256") != std::string::npos || name.find("blob") != std::string::npos;
  };
  std::vector<std::string> unlisted;
  int keys = 0;
  for (const auto& column : columns) {
    const std::string name = column.substr(column.find('.') + 1);
    if (!like_key(name)) {
      continue;
    }
    ++keys;
    if (listed.count(column) == 0 && kNotBlobKeys.count(column) == 0) {
      unlisted.push_back(column);
    }
  }
  EXPECT_GT(keys, 10);
  std::string report;
  for (const auto& c : unlisted) {
    report += " " + c;
  }
  EXPECT_TRUE(unlisted.empty())
      << "columns named like a blob key that no module's BlobReferences() lists (the sweeper "
         "would delete their files; list them in the owning module's blob_references.cpp, or in "
         "kNotBlobKeys with the reason):"
      << report;
  // And every listed column exists: a renamed column must be renamed in its source too.
  for (const auto& column : listed) {
    EXPECT_TRUE(std::find(columns.begin(), columns.end(), column) != columns.end()) << column;
  }
}

TEST_F(BlobReferencesTest, EverySourceReadsItsColumns) {
  blob::KeySet keys;
  auto tx = db_->BeginRead();
  for (const auto& source : BlobReferenceSources()) {
    ASSERT_TRUE(source.collect(tx, keys)) << source.module;
  }
  EXPECT_TRUE(keys.empty());  // a fresh database names no blob
}

}  // namespace
}  // namespace cqdt::app

// Registers, writers and entries on SQLite and PostgreSQL (Decree 30/2020 art. 15, 16, 22).
#include <algorithm>
#include <atomic>
#include <set>
#include <thread>

#include <gtest/gtest.h>

#include "testing_documents_fixture.hpp"

namespace cqdt::documents {
namespace {

class RegisterServiceTest : public testing::DocumentsFixture {
 protected:
  Register Default(Direction direction, RegisterKind kind) {
    auto tx = tdb_->db().Begin();
    EXPECT_TRUE(registers_->EnsureDefaults(tx, actor_, agency_));
    auto list = registers_->List(tx, agency_);
    EXPECT_TRUE(tx.Commit());
    for (const auto& r : *list) {
      if (r.is_default && r.direction == direction && r.kind == kind) {
        return r;
      }
    }
    ADD_FAILURE() << "no default register";
    return {};
  }
  // Allocates in its own committed transaction.
  std::int64_t Allocate(RegisterId r, int year, DocumentId d) {
    auto tx = tdb_->db().Begin();
    auto e = registers_->Allocate(tx, actor_, r, year, d);
    EXPECT_TRUE(e) << e.error().message();
    EXPECT_TRUE(tx.Commit());
    return e ? e->number : -1;
  }
  static std::set<std::string> Fields(const Error& e) {
    std::set<std::string> out;
    for (const auto& f : e.fields()) {
      out.insert(f.field + ":" + f.code);
    }
    return out;
  }
};

TEST_P(RegisterServiceTest, EnsureDefaultsCreatesTheFourRegistersOnce) {
  auto tx = tdb_->db().Begin();
  EXPECT_EQ(*registers_->EnsureDefaults(tx, actor_, agency_), 4);
  EXPECT_EQ(*registers_->EnsureDefaults(tx, actor_, agency_), 0);
  auto list = *registers_->List(tx, agency_);
  ASSERT_EQ(list.size(), 4u);
  // Incoming first, the general one before the confidential one.
  EXPECT_EQ(list[0].direction, Direction::kIncoming);
  EXPECT_EQ(list[0].kind, RegisterKind::kGeneral);
  EXPECT_EQ(list[1].kind, RegisterKind::kConfidential);
  EXPECT_EQ(list[2].direction, Direction::kOutgoing);
  EXPECT_EQ(list[0].name, "Sổ văn bản đến");
  EXPECT_TRUE(registers_->List(tx, other_agency_)->empty());
  auto missing = registers_->EnsureDefaults(tx, actor_, AgencyId(999));
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code(), ErrorCode::kNotFound);
  ASSERT_TRUE(tx.Commit());
}

// Two transactions ensure the defaults of one agency at once (SQLite: one waits for the other's
// write lock; PostgreSQL: the partial unique index makes the second insert a no-op).
TEST_P(RegisterServiceTest, EnsureDefaultsIsIdempotentUnderARace) {
  std::atomic<int> created{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 2; ++t) {
    threads.emplace_back([&] {
      auto tx = tdb_->db().Begin();
      auto n = registers_->EnsureDefaults(tx, actor_, agency_);
      ASSERT_TRUE(n);
      ASSERT_TRUE(tx.Commit());
      created += *n;
    });
  }
  for (auto& t : threads) {
    t.join();
  }
  EXPECT_EQ(created.load(), 4);
  auto tx = tdb_->db().BeginRead();
  EXPECT_EQ(registers_->List(tx, agency_)->size(), 4u);
}

TEST_P(RegisterServiceTest, CreateValidatesEveryField) {
  auto tx = tdb_->db().Begin();
  RegisterInput in;
  in.direction = "sideways";
  in.kind = "per_type";
  in.name = "  ";
  in.document_types = std::vector<int>{2, 30};
  auto r = registers_->Create(tx, actor_, agency_, in);
  ASSERT_FALSE(r);
  EXPECT_EQ(Fields(r.error()),
            (std::set<std::string>{"direction:enum", "name:required", "documentTypes:enum"}));
  in = {};
  EXPECT_EQ(Fields(registers_->Create(tx, actor_, agency_, in).error()),
            (std::set<std::string>{"direction:required", "kind:required", "name:required"}));
  in.direction = "outgoing";
  in.kind = "general";
  in.name = "Sổ công văn";
  in.document_types = std::vector<int>{18};
  EXPECT_EQ(Fields(registers_->Create(tx, actor_, agency_, in).error()),
            (std::set<std::string>{"documentTypes:not_allowed"}));
  in.kind = "per_type";
  in.document_types = std::vector<int>{};
  EXPECT_EQ(Fields(registers_->Create(tx, actor_, agency_, in).error()),
            (std::set<std::string>{"documentTypes:required"}));
  in.document_types = std::vector<int>{18, 2, 18};
  EXPECT_EQ(Fields(registers_->Create(tx, actor_, agency_, in).error()),
            (std::set<std::string>{"documentTypes:duplicate"}));
  in.document_types = std::vector<int>{18, 2};
  auto ok = registers_->Create(tx, actor_, agency_, in);
  ASSERT_TRUE(ok) << ok.error().message();
  EXPECT_EQ(ok->document_types, (std::vector<int>{2, 18}));
  EXPECT_FALSE(ok->is_default);
  EXPECT_EQ(registers_->Create(tx, actor_, AgencyId(999), in).error().code(), ErrorCode::kNotFound);
  auto stored = registers_->Get(tx, ok->id);
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->name, "Sổ công văn");
  EXPECT_EQ(stored->document_types, (std::vector<int>{2, 18}));
}

TEST_P(RegisterServiceTest, UpdateRenamesAndDeactivatesButNeverChangesDirectionOrKind) {
  Register r = Default(Direction::kOutgoing, RegisterKind::kGeneral);
  auto tx = tdb_->db().Begin();
  RegisterInput patch;
  patch.direction = "incoming";
  patch.kind = "confidential";
  auto refused = registers_->Update(tx, actor_, r.id, patch);
  ASSERT_FALSE(refused);
  EXPECT_EQ(Fields(refused.error()),
            (std::set<std::string>{"direction:immutable", "kind:immutable"}));
  patch = {};
  patch.name = "Sổ văn bản đi 2026";
  patch.active = false;
  patch.direction = "outgoing";  // the same value is no change
  auto updated = registers_->Update(tx, actor_, r.id, patch);
  ASSERT_TRUE(updated) << updated.error().message();
  EXPECT_FALSE(updated->active);
  EXPECT_EQ(updated->version, r.version + 1);
  auto stored = *registers_->Get(tx, r.id);
  EXPECT_EQ(stored.name, "Sổ văn bản đi 2026");
  EXPECT_FALSE(stored.active);
  EXPECT_EQ(stored.version, r.version + 1);
  audit::Filter f;
  f.action = "documents.register.deactivate";
  EXPECT_EQ(audit_.List(tx, f)->total, 1);
  EXPECT_EQ(registers_->Update(tx, actor_, RegisterId(999), patch).error().code(),
            ErrorCode::kNotFound);
}

TEST_P(RegisterServiceTest, Decree30Art15_RegisterForPicksTheSeriesOfTheDocument) {
  Default(Direction::kOutgoing, RegisterKind::kGeneral);
  auto tx = tdb_->db().Begin();
  RegisterInput in;
  in.direction = "outgoing";
  in.kind = "per_type";
  in.name = "Sổ quyết định";
  in.document_types = std::vector<int>{2};
  auto decisions = *registers_->Create(tx, actor_, agency_, in);
  auto pick = [&](int type, Confidentiality c) {
    auto r = registers_->RegisterFor(tx, agency_, Direction::kOutgoing, type, c);
    return r ? r->kind : RegisterKind::kGeneral;
  };
  EXPECT_EQ(pick(2, Confidentiality::kNone), RegisterKind::kPerType);
  EXPECT_EQ(pick(18, Confidentiality::kNone), RegisterKind::kGeneral);
  EXPECT_EQ(pick(2, Confidentiality::kSecret), RegisterKind::kConfidential);
  RegisterInput off;
  off.active = false;
  ASSERT_TRUE(registers_->Update(tx, actor_, decisions.id, off));
  EXPECT_EQ(pick(2, Confidentiality::kNone), RegisterKind::kGeneral);
  EXPECT_EQ(
      registers_->RegisterFor(tx, other_agency_, Direction::kOutgoing, 2, Confidentiality::kNone)
          .error()
          .code(),
      ErrorCode::kNotFound);
}

TEST_P(RegisterServiceTest, WritersAreStaffOfTheRegistersAgency) {
  Register r = Default(Direction::kIncoming, RegisterKind::kConfidential);
  auto officer = MakeUser("an.nv", agency_, {"officer"});
  auto outsider = MakeUser("binh.tt", other_agency_, {"clerk"});
  auto clerk = MakeUser("vanthu", agency_, {"clerk"});
  auto tx = tdb_->db().Begin();
  auto added = registers_->AddWriter(tx, actor_, r.id, officer.id);
  ASSERT_TRUE(added) << added.error().message();
  EXPECT_EQ(added->username, "an.nv");
  EXPECT_EQ(registers_->AddWriter(tx, actor_, r.id, officer.id).error().code(),
            ErrorCode::kConflict);
  auto refused = registers_->AddWriter(tx, actor_, r.id, outsider.id);
  ASSERT_FALSE(refused);
  EXPECT_EQ(Fields(refused.error()), (std::set<std::string>{"userId:not_in_agency"}));
  EXPECT_EQ(Fields(registers_->AddWriter(tx, actor_, r.id, UserId(999)).error()),
            (std::set<std::string>{"userId:not_in_agency"}));
  auto writers = *registers_->Writers(tx, r.id);
  ASSERT_EQ(writers.size(), 1u);
  EXPECT_EQ(writers[0].full_name, "Nguyen Van an.nv");

  // A confidential register with a named writer is the writer's alone.
  EXPECT_TRUE(RegisterService::CanWrite(PrincipalOf(officer), r, writers));
  EXPECT_FALSE(RegisterService::CanWrite(PrincipalOf(clerk), r, writers));
  EXPECT_TRUE(RegisterService::CanWrite(PrincipalOf(clerk), r, {}));
  EXPECT_FALSE(RegisterService::CanWrite(PrincipalOf(outsider), r, {}));
  EXPECT_FALSE(RegisterService::CanReadEntries(PrincipalOf(clerk), r, writers));

  ASSERT_TRUE(registers_->RemoveWriter(tx, actor_, r.id, officer.id));
  EXPECT_EQ(registers_->RemoveWriter(tx, actor_, r.id, officer.id).error().code(),
            ErrorCode::kNotFound);
  EXPECT_TRUE(registers_->Writers(tx, r.id)->empty());
  EXPECT_FALSE(RegisterService::CanWrite(PrincipalOf(officer), r, {}));
}

// The listing and the writers are remembered for the rest of a transaction (a release reads
// them once): a write of a register or a writer in that transaction is seen by the next read.
TEST_P(RegisterServiceTest, WhatATransactionWritesItReadsBackAtOnce) {
  auto officer = MakeUser("an.nv", agency_, {"officer"});
  auto tx = tdb_->db().Begin();
  ASSERT_TRUE(registers_->EnsureDefaults(tx, actor_, agency_));
  auto reg = registers_->RegisterFor(tx, agency_, Direction::kOutgoing, 2, Confidentiality::kNone);
  ASSERT_TRUE(reg);
  EXPECT_TRUE(registers_->WriterIds(tx, reg->id)->empty());
  ASSERT_TRUE(registers_->AddWriter(tx, actor_, reg->id, officer.id));
  auto writers = registers_->WriterIds(tx, reg->id);
  ASSERT_EQ(writers->size(), 1u);
  EXPECT_EQ(writers->front().user_id, officer.id);
  RegisterInput per_type;
  per_type.direction = "outgoing";
  per_type.kind = "per_type";
  per_type.name = "Sổ quyết định";
  per_type.document_types = std::vector<int>{2};
  auto made = registers_->Create(tx, actor_, agency_, per_type);
  ASSERT_TRUE(made) << made.error().message();
  EXPECT_EQ(
      registers_->RegisterFor(tx, agency_, Direction::kOutgoing, 2, Confidentiality::kNone)->id,
      made->id);
  RegisterInput off;
  off.active = false;
  ASSERT_TRUE(registers_->Update(tx, actor_, made->id, off));
  EXPECT_EQ(
      registers_->RegisterFor(tx, agency_, Direction::kOutgoing, 2, Confidentiality::kNone)->id,
      reg->id);
  ASSERT_TRUE(registers_->RemoveWriter(tx, actor_, reg->id, officer.id));
  EXPECT_TRUE(registers_->WriterIds(tx, reg->id)->empty());
}

TEST_P(RegisterServiceTest, PermissionsToConfigureAndReadRegisters) {
  identity::Principal leader;
  leader.subject_id = 5;
  leader.agency_id = agency_;
  leader.roles = {identity::Role::kLeader};
  identity::Principal admin = leader;
  admin.agency_id = other_agency_;
  admin.roles = {identity::Role::kAdmin};
  identity::Principal officer = leader;
  officer.roles = {identity::Role::kOfficer};
  EXPECT_TRUE(RegisterService::CanManage(leader, agency_));
  EXPECT_FALSE(RegisterService::CanManage(leader, other_agency_));
  EXPECT_TRUE(RegisterService::CanManage(admin, agency_));
  EXPECT_FALSE(RegisterService::CanManage(officer, agency_));
  EXPECT_TRUE(RegisterService::CanRead(officer, agency_));
  EXPECT_FALSE(RegisterService::CanRead(officer, other_agency_));
  EXPECT_TRUE(RegisterService::CanRead(admin, agency_));
}

// Decree 30/2020 art. 15.1, 22.2: numbers follow one another from 1 in each year, and a register
// gives each document one number.
TEST_P(RegisterServiceTest, Decree30Art15_AllocateNumbersFromOneEachYear) {
  Register r = Default(Direction::kIncoming, RegisterKind::kGeneral);
  for (int i = 1; i <= 3; ++i) {
    EXPECT_EQ(Allocate(r.id, 2025, MakeDocument().id), i);
  }
  EXPECT_EQ(Allocate(r.id, 2026, MakeDocument().id), 1);
  auto d = MakeDocument();
  EXPECT_EQ(Allocate(r.id, 2025, d.id), 4);
  auto tx = tdb_->db().Begin();
  auto twice = registers_->Allocate(tx, actor_, r.id, 2025, d.id);
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().code(), ErrorCode::kConflict);
  auto entries = *registers_->Entries(tx, r.id, 2025);
  ASSERT_EQ(entries.size(), 4u);
  for (std::size_t i = 0; i < entries.size(); ++i) {
    EXPECT_EQ(entries[i].number, static_cast<std::int64_t>(i + 1));
    EXPECT_EQ(entries[i].state, EntryState::kAllocated);
    EXPECT_EQ(entries[i].allocated_by_name, "cli");
  }
  EXPECT_EQ(entries[3].document_id, d.id);
  EXPECT_EQ(registers_->Entries(tx, r.id, 2026)->size(), 1u);
}

// Decree 30/2020 art. 15.4: a confidential document is numbered in the confidential series only,
// and the confidential register numbers nothing else.
TEST_P(RegisterServiceTest, Decree30Art15_ConfidentialDocumentsOnlyInTheConfidentialRegister) {
  Register general = Default(Direction::kOutgoing, RegisterKind::kGeneral);
  Register secret = Default(Direction::kOutgoing, RegisterKind::kConfidential);
  auto confidential = MakeDocument(Direction::kOutgoing, Confidentiality::kConfidential);
  auto ordinary = MakeDocument(Direction::kOutgoing);
  auto incoming = MakeDocument(Direction::kIncoming);
  auto later = MakeDocument(Direction::kOutgoing);
  auto tx = tdb_->db().Begin();
  EXPECT_EQ(registers_->Allocate(tx, actor_, general.id, 2025, confidential.id).error().code(),
            ErrorCode::kFailedPrecondition);
  EXPECT_EQ(registers_->Allocate(tx, actor_, secret.id, 2025, ordinary.id).error().code(),
            ErrorCode::kFailedPrecondition);
  EXPECT_EQ(registers_->Allocate(tx, actor_, general.id, 2025, incoming.id).error().code(),
            ErrorCode::kFailedPrecondition);
  EXPECT_EQ(registers_->Allocate(tx, actor_, general.id, 2025, DocumentId(999)).error().code(),
            ErrorCode::kNotFound);
  // Both series start at 1: a normal and a confidential document may both be number 01.
  EXPECT_EQ(registers_->Allocate(tx, actor_, secret.id, 2025, confidential.id)->number, 1);
  EXPECT_EQ(registers_->Allocate(tx, actor_, general.id, 2025, ordinary.id)->number, 1);
  RegisterInput off;
  off.active = false;
  ASSERT_TRUE(registers_->Update(tx, actor_, general.id, off));
  EXPECT_EQ(registers_->Allocate(tx, actor_, general.id, 2025, later.id).error().code(),
            ErrorCode::kFailedPrecondition);
}

TEST_P(RegisterServiceTest, PerTypeRegistersNumberOnlyTheirTypes) {
  auto tx = tdb_->db().Begin();
  RegisterInput in;
  in.direction = "outgoing";
  in.kind = "per_type";
  in.name = "Sổ quyết định";
  in.document_types = std::vector<int>{2};
  auto decisions = *registers_->Create(tx, actor_, agency_, in);
  ASSERT_TRUE(tx.Commit());
  auto letter = MakeDocument(Direction::kOutgoing, Confidentiality::kNone, 18);
  auto decision = MakeDocument(Direction::kOutgoing, Confidentiality::kNone, 2);
  auto tx2 = tdb_->db().Begin();
  EXPECT_EQ(registers_->Allocate(tx2, actor_, decisions.id, 2025, letter.id).error().code(),
            ErrorCode::kFailedPrecondition);
  EXPECT_EQ(registers_->Allocate(tx2, actor_, decisions.id, 2025, decision.id)->number, 1);
}

// A withdrawn number stays in the register as cancelled, with its reason, and is never reused.
TEST_P(RegisterServiceTest, CancelledNumbersStayInTheRegisterAndAreNeverReused) {
  Register r = Default(Direction::kOutgoing, RegisterKind::kGeneral);
  for (int i = 0; i < 3; ++i) {
    Allocate(r.id, 2025, MakeDocument(Direction::kOutgoing).id);
  }
  auto tx = tdb_->db().Begin();
  auto third = (*registers_->Entries(tx, r.id, 2025))[2];
  auto no_reason = registers_->Cancel(tx, actor_, third.id, "   ");
  ASSERT_FALSE(no_reason);
  EXPECT_EQ(no_reason.error().fields().at(0).field, "reason");
  auto cancelled = registers_->Cancel(tx, actor_, third.id, "Cấp nhầm cho văn bản chưa ký");
  ASSERT_TRUE(cancelled) << cancelled.error().message();
  EXPECT_EQ(cancelled->state, EntryState::kCancelled);
  EXPECT_EQ(registers_->Cancel(tx, actor_, third.id, "lại").error().code(),
            ErrorCode::kFailedPrecondition);
  EXPECT_EQ(registers_->Cancel(tx, actor_, RegisterEntryId(999), "x").error().code(),
            ErrorCode::kNotFound);
  ASSERT_TRUE(tx.Commit());
  EXPECT_EQ(Allocate(r.id, 2025, MakeDocument(Direction::kOutgoing).id), 4);
  auto read = tdb_->db().BeginRead();
  auto entries = *registers_->Entries(read, r.id, 2025);
  ASSERT_EQ(entries.size(), 4u);
  EXPECT_EQ(entries[2].state, EntryState::kCancelled);
  EXPECT_EQ(entries[2].reason, "Cấp nhầm cho văn bản chưa ký");
  EXPECT_EQ(entries[2].cancelled_by_name, "cli");
  EXPECT_GT(entries[2].cancelled_at, 0);
  EXPECT_EQ(entries[3].number, 4);
}

TEST_P(RegisterServiceTest, ARolledBackAllocationLeavesNoGap) {
  Register r = Default(Direction::kIncoming, RegisterKind::kGeneral);
  EXPECT_EQ(Allocate(r.id, 2025, MakeDocument().id), 1);
  auto d = MakeDocument();
  {
    auto tx = tdb_->db().Begin();
    EXPECT_EQ(registers_->Allocate(tx, actor_, r.id, 2025, d.id)->number, 2);
    // no commit: the use case failed after taking the number
  }
  EXPECT_EQ(Allocate(r.id, 2025, d.id), 2);
  auto tx = tdb_->db().BeginRead();
  EXPECT_EQ(registers_->Entries(tx, r.id, 2025)->size(), 2u);
}

// N threads over two connection pools (as two processes would) allocate on one register at
// once: the entries are exactly 1..N, each number once, each document once.
TEST_P(RegisterServiceTest, ConcurrentAllocationsOnOneRegisterAreExactlyOneToN) {
  Register r = Default(Direction::kIncoming, RegisterKind::kGeneral);
  constexpr int kThreads = 8;
  constexpr int kPerThread = 5;
  std::vector<std::vector<DocumentId>> docs(kThreads);
  for (auto& list : docs) {
    for (int i = 0; i < kPerThread; ++i) {
      list.push_back(MakeDocument().id);
    }
  }
  db::DatabaseOptions options;
  options.url = tdb_->url();
  options.pool_size = 4;
  auto second = db::Database::Open(options);
  ASSERT_TRUE(second) << second.error().message();
  std::atomic<int> failures{0};
  std::vector<std::vector<std::int64_t>> numbers(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      db::Database& database = t % 2 == 0 ? tdb_->db() : **second;
      for (DocumentId d : docs[static_cast<std::size_t>(t)]) {
        try {
          auto tx = database.Begin();
          auto e = registers_->Allocate(tx, actor_, r.id, 2025, d);
          if (!e || !tx.Commit()) {
            ++failures;
            continue;
          }
          numbers[static_cast<std::size_t>(t)].push_back(e->number);
        } catch (const std::exception& ex) {
          ++failures;
          ADD_FAILURE() << ex.what();
        }
      }
    });
  }
  for (auto& th : threads) {
    th.join();
  }
  EXPECT_EQ(failures.load(), 0);
  std::set<std::int64_t> all;
  for (const auto& list : numbers) {
    all.insert(list.begin(), list.end());
  }
  constexpr int kTotal = kThreads * kPerThread;
  EXPECT_EQ(all.size(), static_cast<std::size_t>(kTotal));
  EXPECT_EQ(*all.begin(), 1);
  EXPECT_EQ(*all.rbegin(), kTotal);
  auto tx = tdb_->db().BeginRead();
  auto entries = *registers_->Entries(tx, r.id, 2025);
  ASSERT_EQ(entries.size(), static_cast<std::size_t>(kTotal));
  std::set<std::int64_t> documents;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    EXPECT_EQ(entries[i].number, static_cast<std::int64_t>(i + 1));
    documents.insert(entries[i].document_id.value());
  }
  EXPECT_EQ(documents.size(), static_cast<std::size_t>(kTotal));
}

TEST(RegisterTest, YearInVietnamTurnsAtMidnightVietnamTime) {
  // 2025-12-31T17:00:00Z is 2026-01-01T00:00 in Vietnam: the new year's series.
  EXPECT_EQ(YearInVietnam(FromUnixSeconds(1767200400)), 2026);
  EXPECT_EQ(YearInVietnam(FromUnixSeconds(1767200399)), 2025);
}

INSTANTIATE_TEST_SUITE_P(Engines, RegisterServiceTest, ::testing::ValuesIn(db::testing::Engines()),
                         db::testing::EngineName);

}  // namespace
}  // namespace cqdt::documents

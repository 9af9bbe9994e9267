// Second layer of the documents module's database tests: DocumentsFixture plus what most of them
// build the same way — the notify tables and an outbox, a working calendar, a blob store in a temp
// directory (removed after each test), FileService, IncomingService, AssignmentService,
// DeliveryService, and the agency's clerk and leader. Derive, call ServicesFixture::SetUp() first,
// and add only what the test itself needs:
// `class MyTest : public ServicesFixture {};`
#pragma once

#include <unistd.h>

#include <cctype>
#include <filesystem>
#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "blob/blob_store.hpp"
#include "core/working_calendar.hpp"
#include "documents/assignment_service.hpp"
#include "documents/delivery_service.hpp"
#include "documents/document_files.hpp"
#include "documents/incoming_service.hpp"
#include "notify/outbox.hpp"
#include "testing_documents_fixture.hpp"

namespace cqdt::documents::testing {

class ServicesFixture : public DocumentsFixture {
 protected:
  void SetUp() override {
    DocumentsFixture::SetUp();
    if (IsSkipped() || HasFatalFailure()) {
      return;
    }
    ASSERT_TRUE(db::Migrator(tdb_->db(), notify::Migrations()).Apply());
    blob_dir_ = std::filesystem::temp_directory_path() / BlobDirName();
    auto blobs = blob::FileBlobStore::Open(blob_dir_);
    ASSERT_TRUE(blobs);
    blobs_ = std::move(*blobs);
    files_ = std::make_unique<FileService>(audit_, *blobs_, clock_);
    incoming_ = std::make_unique<IncomingService>(audit_, agencies_, *registers_, *files_, clock_);
    assignments_ =
        std::make_unique<AssignmentService>(audit_, *identity_, outbox_, calendar_, clock_);
    deliveries_ = std::make_unique<DeliveryService>(audit_, agencies_, *identity_, *registers_,
                                                    *incoming_, *files_, outbox_, *blobs_, clock_);
    clerk_ = MakeUser("vanthu", agency_, {"clerk"});
    leader_ = MakeUser("lanhdao", agency_, {"leader"});
  }
  void TearDown() override {
    if (!blob_dir_.empty()) {
      std::filesystem::remove_all(blob_dir_);
    }
  }

  static audit::Actor ActorFor(const identity::User& u) {
    return {u.id, u.username, u.agency_id, "127.0.0.1", "test"};
  }

  // An incoming document of `agency_` as a clerk types it in.
  IncomingInput Input(const std::string& number = "05/QĐ-UBND") {
    IncomingInput in;
    in.agency_id = agency_;
    in.number_text = number;
    in.issued_date = "2025-11-20";
    in.sender_name = "UBND tỉnh An Giang";
    in.subject = "Về việc tổ chức hội nghị";
    return in;
  }

  notify::Outbox outbox_{clock_};
  WorkingCalendar calendar_;
  std::filesystem::path blob_dir_;
  std::unique_ptr<blob::FileBlobStore> blobs_;
  std::unique_ptr<FileService> files_;
  std::unique_ptr<IncomingService> incoming_;
  std::unique_ptr<AssignmentService> assignments_;
  std::unique_ptr<DeliveryService> deliveries_;
  identity::User clerk_, leader_;

 private:
  // One directory per process and test ("cqdt-Engines-QueueServiceTest-Foo-sqlite-1234").
  static std::string BlobDirName() {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    std::string name = std::string("cqdt-") + info->test_suite_name() + "-" + info->name() + "-" +
                       std::to_string(::getpid());
    for (char& c : name) {
      if (std::isalnum(static_cast<unsigned char>(c)) == 0 && c != '-') {
        c = '-';
      }
    }
    return name;
  }
};

}  // namespace cqdt::documents::testing

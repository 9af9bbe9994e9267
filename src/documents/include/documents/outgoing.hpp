// The values of the outgoing flow (văn bản đi, issue 10 item 3; decision 0009): the recipients
// an outgoing document is addressed to, its reviews (documents_review), the files of its drafts
// and their signed and issued versions, and the whole of one outgoing document as its readers
// see it. Pure values; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/ids.hpp"
#include "documents/document.hpp"
#include "documents/document_access.hpp"

namespace cqdt::documents {

using OutgoingFileId = StrongId<struct OutgoingFileIdTag>;
using ReviewId = StrongId<struct ReviewIdTag>;

// Nơi nhận: an agency on this instance (agency_id set; name is its name, filled on read) or a
// recipient written as free text ("Như trên", "Lưu: VT, VP").
struct Recipient {
  AgencyId agency_id;
  std::string name;
  // An agency outside this instance reached through the exchange (issue 14): its OrganId
  // (mã định danh, QCVN 102 or QĐ 20/2020 layout), with `name`; "" for other recipients.
  std::string code = {};
};

// The steps of the review of a draft (Decree 30/2020 art. 10-12): the head of the drafting unit
// checks it, other units may be consulted, the competent person (the signer) approves it last.
enum class ReviewStep { kUnitHead, kConsult, kLeader };
const char* ReviewStepName(ReviewStep s);  // "unit_head", "consult", "leader"
const char* ReviewStepLabel(ReviewStep s);  // "Lãnh đạo đơn vị", "Góp ý", "Lãnh đạo ký"
std::optional<ReviewStep> ParseReviewStep(std::string_view name);

enum class ReviewState { kPending, kApproved, kReturned };
const char* ReviewStateName(ReviewState s);   // "pending", "approved", "returned"
const char* ReviewStateLabel(ReviewState s);  // "Chờ duyệt", "Đã duyệt", "Trả lại"
std::optional<ReviewState> ParseReviewState(std::string_view name);

struct Review {
  ReviewId id;
  DocumentId document_id;
  ReviewStep step = ReviewStep::kLeader;
  UserId reviewer_id;
  std::string reviewer_name;  // filled on read
  ReviewState state = ReviewState::kPending;
  std::string comment;  // the reviewer's, required when returning
  std::int64_t created_at = 0;
  std::int64_t decided_at = 0;  // 0 while pending
};

// What a file of an outgoing document is: a draft version (every upload is a new version, none is
// overwritten), the version the signer signed, or the issued one (number and date stamped, sealed).
// A draft uploaded as DOCX keeps the DOCX as `source` with the version of the PDF `draft` made
// from it; an attachment (phụ lục) is `attachment`, and its sealed copy made at the issue
// `issued_attachment` with the attachment's version (Decree 30/2020 Phụ lục I).
enum class OutgoingFileRole { kDraft, kSigned, kIssued, kSource, kAttachment, kIssuedAttachment };
// "draft", "signed", "issued", "source", "attachment", "issued_attachment"
const char* OutgoingFileRoleName(OutgoingFileRole r);
// "Dự thảo", "Bản đã ký", "Bản phát hành", "Dự thảo (tệp Word)", "Phụ lục", "Phụ lục đã đóng dấu"
const char* OutgoingFileRoleLabel(OutgoingFileRole r);
std::optional<OutgoingFileRole> ParseOutgoingFileRole(std::string_view name);

struct OutgoingFile {
  OutgoingFileId id;
  DocumentId document_id;
  OutgoingFileRole role = OutgoingFileRole::kDraft;
  int version = 1;     // per document and role, from 1
  std::string sha256;  // the blob
  std::string name;
  std::string content_type = "application/pdf";
  std::int64_t size = 0;
  int pages = 0;
  UserId uploaded_by;
  std::string uploaded_by_name;  // filled on read
  std::int64_t uploaded_at = 0;
};

// One line of a document's timeline (documents_event), as people read it.
struct TimelineEvent {
  std::int64_t at = 0;
  UserId actor_id;
  std::string actor_name;
  std::string action;  // "documents.outgoing.submitted", ...
  std::string detail;  // Vietnamese
};

// One outgoing document with its route, as the people on it read it.
struct OutgoingDocument {
  Document document;
  UserId signer_id;  // the competent person chosen for the draft (unset until chosen)
  std::vector<Recipient> recipients;
  std::vector<Review> reviews;      // oldest first
  std::vector<OutgoingFile> files;  // by role, then version
  // The newest file of a role, or nullptr.
  const OutgoingFile* Latest(OutgoingFileRole role) const;
  // The pending review of the unit head or the signer, or nullptr. Consultations (kConsult) run
  // beside it and are not "the" pending review: see PendingConsultations.
  const Review* PendingReview() const;
  // The consultations still waiting for an answer.
  std::vector<const Review*> PendingConsultations() const;
};

// The facts the access rules need about an outgoing document.
AccessFacts FactsOf(const OutgoingDocument& d);

}  // namespace cqdt::documents

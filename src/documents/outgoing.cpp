#include "documents/outgoing.hpp"

namespace cqdt::documents {

const char* ReviewStepName(ReviewStep s) {
  switch (s) {
    case ReviewStep::kUnitHead:
      return "unit_head";
    case ReviewStep::kConsult:
      return "consult";
    case ReviewStep::kLeader:
      return "leader";
  }
  return "leader";
}

const char* ReviewStepLabel(ReviewStep s) {
  switch (s) {
    case ReviewStep::kUnitHead:
      return "Lãnh đạo đơn vị";
    case ReviewStep::kConsult:
      return "Góp ý";
    case ReviewStep::kLeader:
      return "Lãnh đạo ký";
  }
  return "Lãnh đạo ký";
}

std::optional<ReviewStep> ParseReviewStep(std::string_view name) {
  for (auto s : {ReviewStep::kUnitHead, ReviewStep::kConsult, ReviewStep::kLeader}) {
    if (name == ReviewStepName(s)) {
      return s;
    }
  }
  return std::nullopt;
}

const char* ReviewStateName(ReviewState s) {
  switch (s) {
    case ReviewState::kPending:
      return "pending";
    case ReviewState::kApproved:
      return "approved";
    case ReviewState::kReturned:
      return "returned";
  }
  return "pending";
}

const char* ReviewStateLabel(ReviewState s) {
  switch (s) {
    case ReviewState::kPending:
      return "Chờ duyệt";
    case ReviewState::kApproved:
      return "Đã duyệt";
    case ReviewState::kReturned:
      return "Trả lại";
  }
  return "Chờ duyệt";
}

std::optional<ReviewState> ParseReviewState(std::string_view name) {
  for (auto s : {ReviewState::kPending, ReviewState::kApproved, ReviewState::kReturned}) {
    if (name == ReviewStateName(s)) {
      return s;
    }
  }
  return std::nullopt;
}

const char* OutgoingFileRoleName(OutgoingFileRole r) {
  switch (r) {
    case OutgoingFileRole::kDraft:
      return "draft";
    case OutgoingFileRole::kSigned:
      return "signed";
    case OutgoingFileRole::kIssued:
      return "issued";
    case OutgoingFileRole::kSource:
      return "source";
    case OutgoingFileRole::kAttachment:
      return "attachment";
    case OutgoingFileRole::kIssuedAttachment:
      return "issued_attachment";
  }
  return "draft";
}

const char* OutgoingFileRoleLabel(OutgoingFileRole r) {
  switch (r) {
    case OutgoingFileRole::kDraft:
      return "Dự thảo";
    case OutgoingFileRole::kSigned:
      return "Bản đã ký";
    case OutgoingFileRole::kIssued:
      return "Bản phát hành";
    case OutgoingFileRole::kSource:
      return "Dự thảo (tệp Word)";
    case OutgoingFileRole::kAttachment:
      return "Phụ lục";
    case OutgoingFileRole::kIssuedAttachment:
      return "Phụ lục đã đóng dấu";
  }
  return "Dự thảo";
}

std::optional<OutgoingFileRole> ParseOutgoingFileRole(std::string_view name) {
  for (auto r : {OutgoingFileRole::kDraft, OutgoingFileRole::kSigned, OutgoingFileRole::kIssued,
                 OutgoingFileRole::kSource, OutgoingFileRole::kAttachment,
                 OutgoingFileRole::kIssuedAttachment}) {
    if (name == OutgoingFileRoleName(r)) {
      return r;
    }
  }
  return std::nullopt;
}

const OutgoingFile* OutgoingDocument::Latest(OutgoingFileRole role) const {
  const OutgoingFile* latest = nullptr;
  for (const auto& f : files) {
    if (f.role == role && (latest == nullptr || f.version > latest->version)) {
      latest = &f;
    }
  }
  return latest;
}

const Review* OutgoingDocument::PendingReview() const {
  for (const auto& r : reviews) {
    if (r.state == ReviewState::kPending && r.step != ReviewStep::kConsult) {
      return &r;
    }
  }
  return nullptr;
}

std::vector<const Review*> OutgoingDocument::PendingConsultations() const {
  std::vector<const Review*> out;
  for (const auto& r : reviews) {
    if (r.state == ReviewState::kPending && r.step == ReviewStep::kConsult) {
      out.push_back(&r);
    }
  }
  return out;
}

AccessFacts FactsOf(const OutgoingDocument& d) {
  AccessFacts f;
  f.agency_id = d.document.agency_id;
  f.confidentiality = d.document.confidentiality;
  f.created_by = d.document.created_by;
  f.drafter = d.document.drafter_id;
  f.signer = d.signer_id;
  for (const auto& r : d.reviews) {
    // Everyone who has reviewed the draft stays on its route (they may read what they reviewed),
    // but only the pending step's reviewer acts (ReviewService checks the turn).
    f.reviewers.insert(r.reviewer_id);
  }
  return f;
}

}  // namespace cqdt::documents

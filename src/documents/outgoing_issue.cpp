// Outgoing documents: the issue (cấp số, Decree 30/2020 art. 15-16; decision 0009): the number
// from the register, the number and date stamped on the signed file, the agency seal. Split from
// outgoing_service.cpp.
#include <algorithm>
#include <chrono>
#include <string_view>

#include "attachments_internal.hpp"
#include "blob_at_commit.hpp"
#include "core/cpu_budget.hpp"
#include "core/document_number.hpp"
#include "core/text.hpp"
#include "document_repository.hpp"
#include "documents/outgoing_service.hpp"
#include "issue_positions.hpp"
#include "outgoing_internal.hpp"
#include "outgoing_repository.hpp"
#include "pdf/pdf.hpp"
#include "pdf/stamp.hpp"

namespace cqdt::documents {
namespace {

namespace oi = outgoing_internal;
using identity::Principal;
using outgoing_internal::TodayInVietnam;

// Untrusted uploads are parsed under a CPU budget, as the public verifier does.
constexpr std::chrono::milliseconds kPdfBudget{5000};

}  // namespace

Result<OutgoingDocument> OutgoingService::Issue(db::Transaction& tx, const Principal& p,
                                                const audit::Actor& actor, DocumentId id,
                                                std::int64_t expected_version,
                                                const IssueInput& in) {
  CQDT_ASSIGN_OR_RETURN(OutgoingDocument od, oi::Load(tx, identity_, agencies_, id));
  return IssueLoaded(tx, p, actor, std::move(od), expected_version, in);
}

Result<OutgoingDocument> OutgoingService::Issue(db::Transaction& tx, const Principal& p,
                                                const audit::Actor& actor, OutgoingDocument current,
                                                const IssueInput& in) {
  const std::int64_t version = current.document.version;
  return IssueLoaded(tx, p, actor, std::move(current), version, in);
}

Result<OutgoingDocument> OutgoingService::IssueLoaded(db::Transaction& tx, const Principal& p,
                                                      const audit::Actor& actor,
                                                      OutgoingDocument od,
                                                      std::int64_t expected_version,
                                                      const IssueInput& in) {
  const DocumentId id = od.document.id;
  // oi::Facts, keeping the register it looks up: the number is allocated in it below. The
  // route's Get read the same listing and writers in this transaction: the register repository
  // remembers them (register_repository.hpp), so this reads nothing again.
  AccessFacts facts = FactsOf(od);
  auto found_register =
      registers_.RegisterFor(tx, od.document.agency_id, Direction::kOutgoing,
                             od.document.type_ordinal, od.document.confidentiality);
  if (found_register) {
    if (auto writers = registers_.WriterIds(tx, found_register->id)) {
      for (const auto& w : *writers) {
        facts.register_writers.insert(w.user_id);
      }
    }
  }
  auto state = ParseOutgoingState(od.document.state);
  if (!state) {
    return Error::Internal();
  }
  CQDT_ASSIGN_OR_RETURN(
      OutgoingState next,
      CheckOutgoingAction(p, facts, *state, OutgoingAction::kNumber, std::to_string(id.value())));
  CQDT_RETURN_IF_ERROR(oi::CheckVersion(od.document, expected_version));
  if (in.seal_key_id.empty()) {
    return Error::InvalidField("sealKeyId", "required",
                               "Trường 'sealKeyId' (con dấu của cơ quan) là bắt buộc.");
  }
  std::vector<FieldError> errors;
  std::optional<std::string> place;
  if (!in.place.empty()) {
    place = CheckText(in.place, "place", "Địa danh", 1, 100, errors);
    if (!place) {
      return Error::Invalid(std::move(errors));
    }
  }
  const OutgoingFile* signed_file = od.Latest(OutgoingFileRole::kSigned);
  if (signed_file == nullptr) {
    return Error::FailedPrecondition("Văn bản chưa có bản đã ký để cấp số.");
  }
  CQDT_ASSIGN_OR_RETURN(std::string content, blobs_.Get(signed_file->sha256));
  // The agency from the directory's snapshot (org::AgencyService::GetCached): its name and
  // short name go on the seal and in the notation. A rename committed by this process is seen
  // at once, one by another cqdt process on the same database within the snapshot's age.
  CQDT_ASSIGN_OR_RETURN(org::Agency agency, agencies_.GetCached(tx, od.document.agency_id));
  const DocumentType* type = FindDocumentTypeByOrdinal(od.document.type_ordinal);
  if (type == nullptr) {
    return Error::Internal();
  }

  // Where the number and date go: the "Số:" and date lines of page 1, found in the text the
  // signer signed (our own file, still parsed under the budget).
  CpuBudget budget(kPdfBudget);
  pdf::NumberStamper stamper(content, budget);  // one parse to find, to measure and to stamp
  // Or where the clerk placed them (issue_positions.hpp); the page sizes only to check boxes.
  std::vector<std::pair<double, double>> pages;
  if (in.number_box || in.date_box) {
    CQDT_ASSIGN_OR_RETURN(pages, stamper.PageSizes());
  }
  // The lines kept when the leader signed this file, else searched now (a file signed with a
  // token, or before the lines were kept).
  Result<pdf::NumberAndDatePositions> lines = Error::Internal();
  std::optional<pdf::NumberAndDatePositions> kept;
  if (auto text = OutgoingRepository(tx).IssueLines(signed_file->sha256)) {
    kept = DecodeIssueLines(*text);
  }
  if (kept) {
    lines = std::move(*kept);
  } else {
    lines = stamper.Find();
  }
  auto positions = ChooseIssuePositions(lines, pages, in.number_box, in.date_box);
  if (!positions) {
    return positions.error();
  }
  if (!place) {
    // The place printed before ", ngày ..." (Phụ lục I): kept as the drafter wrote it.
    const std::string& line = positions->date->text;
    const auto comma = line.find(',');
    const std::string found = comma == std::string::npos ? "" : Trim(line.substr(0, comma));
    if (found.empty()) {
      return Error::InvalidField("place", "required",
                                 "Trường 'place' (địa danh ghi trước ngày tháng) là bắt buộc vì "
                                 "bản đã ký không ghi địa danh.");
    }
    place = found;
  }

  // The number, in the same transaction: a failure below rolls it back with everything else.
  const TimePoint now_tp = clock_.Now();
  const std::int64_t now = ToUnixSeconds(now_tp);
  const Date today = TodayInVietnam(now_tp);
  // The default registers exist from the first visit to the register pages; an agency that
  // issues before anyone opened them (no outgoing register for this document) gets them here.
  if (!found_register) {
    found_register =
        registers_.EnsureRegisterFor(tx, actor, od.document.agency_id, Direction::kOutgoing,
                                     od.document.type_ordinal, od.document.confidentiality);
  }
  CQDT_ASSIGN_OR_RETURN(Register reg, std::move(found_register));
  // The register and the document as loaded in this transaction (nothing read again), and no
  // lookup of an entry the document would already hold: it holds none. Its state is `signed`
  // (CheckOutgoingAction above), and `signed` is a state no numbered document returns to
  // (document_state.cpp: numbering is the only way out of it that numbers, and nothing leads
  // back from `numbered` or later). Two clerks issuing it at once both pass that check on the
  // same version; the document's update below is version-checked and comes before any insert
  // that could collide (the issued file's version), so the second gets kConflict and rolls back
  // with its number.
  CQDT_ASSIGN_OR_RETURN(RegisterEntry entry,
                        registers_.AllocateFor(tx, actor, reg, today.year, od.document, true));
  CQDT_ASSIGN_OR_RETURN(
      DocumentNumber number,
      MakeDocumentNumber(static_cast<int>(entry.number), *type, agency.short_name, {}, "number"));
  const std::string date_line = FormatIssueDateLine(*place, today);
  // The agency seal over the stamped file (Decree 30/2020 Phụ lục I: the seal signature follows
  // the signer's). The stamp and the seal are one incremental update of the document the stamper
  // parsed: the stamped file is not written out and parsed again to be signed.
  signing::SignRequest request;
  request.kind = signing::SignKind::kPdf;
  request.key_id = in.seal_key_id;
  request.secret = in.secret;
  request.file_name = signed_file->name;
  request.content = content;
  request.pdf_writer = [&](const pdf::SignatureRequest& seal, const pdf::CmsMaker& make_cms) {
    return stamper.StampAndSign(*positions, number.Text(), date_line, seal, make_cms);
  };
  request.pdf.style = signing::AppearanceStyle::kSeal;
  request.pdf.display_name = agency.name;
  request.pdf.reason = "Phát hành " + number.Text();
  CQDT_ASSIGN_OR_RETURN(signing::SignResult sealed, signing_.Sign(tx, p, actor, request));
  // Synced while the rest of the release runs; the commit waits for it (blob_at_commit.hpp).
  CQDT_ASSIGN_OR_RETURN(blob::BlobInfo blob, PutAtCommit(tx, blobs_, sealed.content));
  // Each attachment is sealed too, carrying the number, in this transaction
  // (draft_file_service.hpp).
  CQDT_ASSIGN_OR_RETURN(
      std::vector<OutgoingFile> sealed_attachments,
      SealAttachments(tx, blobs_, signing_, p, actor, od, agency.name, number.Text(), in, now));

  Document d = od.document;
  d.state = OutgoingStateName(next);
  d.number = static_cast<int>(entry.number);
  d.notation = number.Notation();
  d.number_text = number.Text();
  d.issued_date = FormatIsoDate(today);
  d.register_entry_id = entry.id;
  // The row first: the version check (and, on PostgreSQL, the row lock it takes until commit)
  // decides a race between two issues of this document before the issued file is inserted, so
  // the loser gets kConflict here rather than a unique-index violation below.
  CQDT_ASSIGN_OR_RETURN(Document stored, DocumentRepository(tx).Update(d, now));

  // The issued file's version from the files loaded with the document: they are this version's
  // files (the update above checked it), and every use case that adds an outgoing file updates
  // the document's row with its version checked in the same transaction.
  int last_issued = 0;
  for (const auto& file : od.files) {
    if (file.role == OutgoingFileRole::kIssued) {
      last_issued = std::max(last_issued, file.version);
    }
  }
  OutgoingFile f = *signed_file;
  f.role = OutgoingFileRole::kIssued;
  f.version = last_issued + 1;
  f.sha256 = blob.sha256;
  f.name = signing::SignedFileName(signed_file->name, signing::SignKind::kPdf);
  f.size = static_cast<std::int64_t>(blob.size);
  f.uploaded_by = p.user_id();
  f.uploaded_by_name = p.full_name;
  f.uploaded_at = now;
  f.id = OutgoingRepository(tx).AddFile(f, od.document.agency_id);
  CQDT_RETURN_IF_ERROR(oi::Record(
      tx, audit_, actor, d, "documents.outgoing.numbered",
      "Cấp số " + number.Text() + ", ngày ban hành " + d.issued_date + ", đóng dấu.", now));

  // What oi::Save would reload, built from what this transaction read and wrote: the stored
  // row, and the loaded files (uploaders' names filled in by the load) with the new ones, in
  // OutgoingRepository::Files' order (role name, then version).
  OutgoingDocument saved = std::move(od);
  saved.document = std::move(stored);
  for (auto& file : sealed_attachments) {
    saved.files.push_back(std::move(file));
  }
  saved.files.push_back(std::move(f));
  std::stable_sort(saved.files.begin(), saved.files.end(),
                   [](const OutgoingFile& a, const OutgoingFile& b) {
                     const std::string_view ra = OutgoingFileRoleName(a.role);
                     const std::string_view rb = OutgoingFileRoleName(b.role);
                     return ra != rb ? ra < rb : a.version < b.version;
                   });
  CQDT_RETURN_IF_ERROR(oi::Notify(
      tx, outbox_, d.drafter_id, p.user_id(), "documents.outgoing_numbered",
      "Văn bản “" + oi::Title(d) + "” đã được cấp số " + number.Text() + ".", saved.document));
  return saved;
}

}  // namespace cqdt::documents

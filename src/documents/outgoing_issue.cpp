// Outgoing documents: the issue (cấp số, Decree 30/2020 art. 15-16; decision 0009): the number
// from the register, the number and date stamped on the signed file, the agency seal. Split from
// outgoing_service.cpp.
#include <chrono>

#include "attachments_internal.hpp"
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
  // oi::Facts, keeping the register it looks up: the number is allocated in it below.
  AccessFacts facts = FactsOf(od);
  auto found_register =
      registers_.RegisterFor(tx, od.document.agency_id, Direction::kOutgoing,
                             od.document.type_ordinal, od.document.confidentiality);
  if (found_register) {
    if (auto writers = registers_.Writers(tx, found_register->id)) {
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
  CQDT_ASSIGN_OR_RETURN(org::Agency agency, agencies_.Get(tx, od.document.agency_id));
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
    if (auto made = registers_.EnsureDefaults(tx, actor, od.document.agency_id); !made) {
      return made.error();
    }
    found_register = registers_.RegisterFor(tx, od.document.agency_id, Direction::kOutgoing,
                                            od.document.type_ordinal, od.document.confidentiality);
  }
  CQDT_ASSIGN_OR_RETURN(Register reg, std::move(found_register));
  CQDT_ASSIGN_OR_RETURN(RegisterEntry entry,
                        registers_.Allocate(tx, actor, reg.id, today.year, od.document.id));
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
  CQDT_ASSIGN_OR_RETURN(blob::BlobInfo blob, blobs_.Put(sealed.content));
  // Each attachment is sealed too, carrying the number, in this transaction
  // (draft_file_service.hpp).
  CQDT_RETURN_IF_ERROR(
      SealAttachments(tx, blobs_, signing_, p, actor, od, agency.name, number.Text(), in, now));

  OutgoingRepository repo(tx);
  OutgoingFile f = *signed_file;
  f.role = OutgoingFileRole::kIssued;
  f.version = repo.NextFileVersion(id, OutgoingFileRole::kIssued);
  f.sha256 = blob.sha256;
  f.name = signing::SignedFileName(signed_file->name, signing::SignKind::kPdf);
  f.size = static_cast<std::int64_t>(blob.size);
  f.uploaded_by = p.user_id();
  f.uploaded_at = now;
  repo.AddFile(f, od.document.agency_id);

  Document d = od.document;
  d.state = OutgoingStateName(next);
  d.number = static_cast<int>(entry.number);
  d.notation = number.Notation();
  d.number_text = number.Text();
  d.issued_date = FormatIsoDate(today);
  d.register_entry_id = entry.id;
  CQDT_RETURN_IF_ERROR(oi::Record(
      tx, audit_, actor, d, "documents.outgoing.numbered",
      "Cấp số " + number.Text() + ", ngày ban hành " + d.issued_date + ", đóng dấu.", now));
  // What oi::Save would reload, but for the parts this use case did not change (signer,
  // recipients, reviews): the stored row, and the files with the issued ones.
  OutgoingDocument saved = std::move(od);
  CQDT_ASSIGN_OR_RETURN(saved.document, DocumentRepository(tx).Update(d, now));
  saved.files = repo.Files(id);
  for (auto& file : saved.files) {
    if (file.uploaded_by == p.user_id()) {
      file.uploaded_by_name = p.full_name;
    } else if (auto u = identity_.GetUser(tx, file.uploaded_by)) {
      file.uploaded_by_name = u->full_name;
    }
  }
  CQDT_RETURN_IF_ERROR(oi::Notify(
      tx, outbox_, d.drafter_id, p.user_id(), "documents.outgoing_numbered",
      "Văn bản “" + oi::Title(d) + "” đã được cấp số " + number.Text() + ".", saved.document));
  return saved;
}

}  // namespace cqdt::documents

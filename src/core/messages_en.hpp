// The English tables of the message catalog (core/message_catalog.hpp), one per area of the
// code. A table lists messages as the code builds them: keep an entry next to its neighbours from
// the same source file, and change it in the same commit as the message.
#pragma once

#include <span>
#include <vector>

#include "core/message_catalog.hpp"

namespace cqdt::internal {

// core, text, db, blob, numbering, audit; http and api (transport and JSON input).
std::span<const MessageTranslation> EnglishPlatformMessages();
// org, identity.
std::span<const MessageTranslation> EnglishPeopleMessages();
// crypto, xml, pdf, signing.
std::span<const MessageTranslation> EnglishSigningMessages();
// Personal signatures with the official's own token: agent, two-step signing.
std::span<const MessageTranslation> EnglishTokenSigningMessages();
// Bounds on untrusted files and verification work (issue 8, item 1).
std::span<const MessageTranslation> EnglishLimitMessages();
// The notifications outbox (notify) and its routes (issue 10, item 5).
std::span<const MessageTranslation> EnglishNotifyMessages();
// Stamping the number and date, and the "ĐẾN" stamp (issue 10, items 2 and 3).
std::span<const MessageTranslation> EnglishPdfStampMessages();
// Document management (issue 10): documents, registers, and their api routes.
std::span<const MessageTranslation> EnglishDocumentMessages();
// Incoming documents: files, registration, processing and their routes (issue 10, item 2).
std::span<const MessageTranslation> EnglishIncomingMessages();
// Outgoing documents: drafts, reviews, signature and issue (issue 10, item 3).
std::span<const MessageTranslation> EnglishOutgoingMessages();
// Release, delivery between agencies, recall and replacement (issue 10, item 4).
std::span<const MessageTranslation> EnglishDeliveryMessages();
// Units, forwarding, extension decisions, the "ĐẾN" stamp download and confidentiality grants
// (issue 10, items 2 and 6).
std::span<const MessageTranslation> EnglishProcessingMessages();
// Work queues, the leader's view, reminders, delegation and comments (issue 10, item 5).
std::span<const MessageTranslation> EnglishQueueMessages();
// Outgoing documents: token and batch signing, DOCX drafts, attachments, consultation (issue 10,
// item 3, second round).
std::span<const MessageTranslation> EnglishSigning2Messages();
// The issue step's number and date positions; confidential outgoing documents (issue 10, third
// round).
std::span<const MessageTranslation> EnglishLooseEndsMessages();
std::span<const MessageTranslation> EnglishReleaseFaster2Messages();
std::span<const MessageTranslation> EnglishRecordsMessages();
// Text extraction, OCR and the registration proposal (issue 11, item 4).
std::span<const MessageTranslation> EnglishExtractionMessages();
// The import of past documents (issue 11, item 6).
std::span<const MessageTranslation> EnglishImportMessages();
// Registers printed as PDF and Excel, the leaders' statistics (issue 11, item 5).
std::span<const MessageTranslation> EnglishReportsMessages();
// Transfer of work records to the archive (issue 11, item 2).
std::span<const MessageTranslation> EnglishArchiveMessages();
// The one-stop desk: the procedure catalogue (issue 12).
std::span<const MessageTranslation> EnglishOnestopMessages();
std::span<const MessageTranslation> EnglishDossierMessages();
// The public service portal: life events, the VietQR payment code (issue 13).
std::span<const MessageTranslation> EnglishPortalMessages();
// Sign-in to the portal through an OpenID Connect provider, VNeID (issue 13, item 2).
std::span<const MessageTranslation> EnglishOidcMessages();
// Satisfaction ratings and feedback / complaints (PAKN) (issue 13, item 7).
std::span<const MessageTranslation> EnglishFeedbackMessages();
// Hardened XML parse errors and the edXML exchange (issue 14).
std::span<const MessageTranslation> EnglishExchangeMessages();
std::span<const MessageTranslation> EnglishExchangeHubMessages();
// Signed requests between exchange hubs (RFC 9421; decision 0019).
std::span<const MessageTranslation> EnglishExchangeRequestMessages();
// Proactive public services on the portal (issue 13, item 8).
std::span<const MessageTranslation> EnglishProactiveMessages();
// Online submission on the portal (issue 13, item 3): e-forms, drafts, the store, dossiers.
std::span<const MessageTranslation> EnglishPortalOnlineMessages();
// Live notifications over server-sent events (issue 13, item 10).
std::span<const MessageTranslation> EnglishLiveMessages();
// Which procedures and dossiers cost a unit points in the Decision 766 index (issue 13, item 9).
std::span<const MessageTranslation> EnglishIndex766AnalysisMessages();
// E-mail templates and the choice of notices received by e-mail (issue 15, item 2).
std::span<const MessageTranslation> EnglishMailTemplateMessages();
// Official e-mail (issue 15): messages built and read, DKIM, SMTP, sending accounts, delivery.
std::span<const MessageTranslation> EnglishMailMessages();
// Documents received by e-mail (issue 15, item 3): the IMAP client and the mail intake.
std::span<const MessageTranslation> EnglishMailIntakeMessages();

std::vector<std::span<const MessageTranslation>> EnglishMessageTables();

}  // namespace cqdt::internal

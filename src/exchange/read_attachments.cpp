// The attachments of a document package (reader.hpp; edxml.md §5): the manifest's References
// joined with AttachmentEncoded's payloads by ContentId ("cid:" stripped on both sides), base64
// decoded, and a ZIP taken apart when the name is not a .zip — whatever content type it was sent
// under, since real senders mislabel it (FINDINGS: "application/pdf" and "text/plain" on ZIPs).
#include <cctype>
#include <map>
#include <string>
#include <vector>

#include "crypto/crypto.hpp"
#include "reader.hpp"
#include "zip_codec.hpp"

namespace cqdt::exchange::internal {
namespace {

std::string StripCid(std::string id) {
  if (id.size() >= 4 && (id.compare(0, 4, "cid:") == 0 || id.compare(0, 4, "CID:") == 0)) {
    id.erase(0, 4);
  }
  return id;
}

std::string Extension(const std::string& name) {
  const auto dot = name.rfind('.');
  if (dot == std::string::npos || dot + 1 == name.size()) {
    return "";
  }
  std::string ext = name.substr(dot + 1);
  for (char& c : ext) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return ext;
}

// Security: the name becomes a file name in the blob store's metadata and in downloads; a path
// separator, a parent reference or a control character has no business in it.
bool IsSafeFileName(const std::string& name) {
  if (name.empty() || name.size() > 255 || name == "." || name == "..") {
    return false;
  }
  for (unsigned char c : name) {
    if (c < 0x20 || c == 0x7F || c == '/' || c == '\\') {
      return false;
    }
  }
  return true;
}

struct Payload {
  std::string content_id;
  std::string name;
  std::string description;
  std::string content_type;
  std::string encoded;
  bool listed = false;
};

}  // namespace

void Reader::ReadAttachments(const xml::Element& envelope, const xml::Element& root) {
  // Payloads: AttachmentEncoded/Attachment (outside the envelope, or inside it in some builders),
  // or the flat legacy Attachment{FileName, FileType, Content}.
  std::vector<Payload> payloads;
  auto collect = [&](const xml::Element& parent) {
    for (const xml::Element* a : parent.Children("Attachment")) {
      Payload p;
      p.content_id = StripCid(Text(*a, "ContentId"));
      p.name = Text(*a, "AttachmentName");
      if (p.name.empty()) {
        p.name = Text(*a, "FileName");
      }
      p.description = Text(*a, "Description");
      p.content_type = Text(*a, "ContentType");
      if (p.content_type.empty()) {
        p.content_type = Text(*a, "FileType");
      }
      const xml::Element* data = a->Child("ContentTransferEncoded");
      if (data == nullptr) {
        data = a->Child("Content");
      }
      p.encoded = data == nullptr ? std::string() : data->text;
      payloads.push_back(std::move(p));
    }
  };
  if (const xml::Element* enc = root.Child("AttachmentEncoded")) {
    collect(*enc);
  }
  if (const xml::Element* enc = envelope.Child("AttachmentEncoded");
      enc != nullptr && &envelope != &root) {
    collect(*enc);
  }
  if (out_.legacy_format) {
    // The flat layout puts Attachment in the envelope or one wrapper below it (Manifest, Body).
    collect(envelope);
    for (const xml::Element& wrapper : envelope.children) {
      if (wrapper.local_name != "AttachmentEncoded" && wrapper.local_name != "MessageHeader") {
        collect(wrapper);
      }
    }
  }

  // A ContentId names one payload: two payloads under one id leave the manifest's reference
  // ambiguous (which file is the signed PDF?), so the package is refused rather than read by
  // guess (found by tests/fuzz: the first was taken, the second read as unlisted, and the
  // package rebuilt from that read back with its names moved).
  std::map<std::string, std::size_t> by_id;
  for (std::size_t i = 0; i < payloads.size(); ++i) {
    if (!payloads[i].content_id.empty() && !by_id.emplace(payloads[i].content_id, i).second) {
      Refuse(RefusalReason::kAttachment, "AttachmentEncoded/Attachment/ContentId",
             "Hai tệp đính kèm ('" + payloads[by_id[payloads[i].content_id]].name.substr(0, 100) +
                 "', '" + payloads[i].name.substr(0, 100) + "') có cùng mã nội dung (ContentId '" +
                 payloads[i].content_id.substr(0, 60) + "').");
      return;
    }
  }
  std::vector<std::size_t> order;  // payload indexes in manifest order, then the unlisted ones
  if (const xml::Element* body = envelope.Child("edXMLBody")) {
    if (const xml::Element* manifest = body->Child("edXMLManifest")) {
      for (const xml::Element* ref : manifest->Children("Reference")) {
        const std::string id = StripCid(Text(*ref, "ContentId"));
        auto it = by_id.find(id);
        if (id.empty() || it == by_id.end()) {
          Refuse(RefusalReason::kAttachment, "edXMLManifest/Reference",
                 "Tệp đính kèm '" + Text(*ref, "AttachmentName").substr(0, 100) +
                     "' được khai báo nhưng không có nội dung trong gói tin (ContentId '" +
                     id.substr(0, 60) + "').");
          continue;
        }
        Payload& p = payloads[it->second];
        if (p.listed) {
          continue;
        }
        p.listed = true;
        const std::string declared = Text(*ref, "ContentType");
        if (!declared.empty() && !p.content_type.empty() && declared != p.content_type) {
          Warn("content-type", "Tệp '" + p.name + "' khai báo hai kiểu nội dung khác nhau (" +
                                   declared + ", " + p.content_type + ").");
        }
        const std::string manifest_name = Text(*ref, "AttachmentName");
        if (!manifest_name.empty()) {
          p.name = manifest_name;
        }
        if (p.description.empty()) {
          p.description = Text(*ref, "Description");
        }
        if (!declared.empty()) {
          p.content_type = declared;
        }
        order.push_back(it->second);
      }
    }
  }
  for (std::size_t i = 0; i < payloads.size(); ++i) {
    if (!payloads[i].listed) {
      if (!out_.legacy_format) {
        Warn("unlisted-attachment",
             "Tệp '" + payloads[i].name +
                 "' có trong gói tin nhưng không được khai báo trong edXMLManifest.");
      }
      order.push_back(i);
    }
  }
  for (std::size_t i : order) {
    Payload& p = payloads[i];
    Attachment a;
    a.content_id = p.content_id;
    a.name = p.name;
    a.description = p.description;
    a.content_type = p.content_type;
    AddAttachment(std::move(a), p.encoded, p.content_type, p.content_type);
  }
}

void Reader::AddAttachment(Attachment a, const std::string& encoded,
                           const std::string& declared_type, const std::string& /*payload_type*/) {
  if (a.name.empty()) {
    Refuse(RefusalReason::kAttachment, "AttachmentName",
           "Tệp đính kèm không có tên (AttachmentName).");
    return;
  }
  if (a.name.size() > 255) {
    Refuse(RefusalReason::kAttachment, "AttachmentName",
           "Tên tệp đính kèm '" + a.name.substr(0, 100) + "…' dài quá 255 byte.");
    return;
  }
  if (!IsSafeFileName(a.name)) {
    Refuse(RefusalReason::kAttachment, "AttachmentName",
           "Tên tệp đính kèm '" + a.name.substr(0, 100) +
               "' có ký tự đường dẫn hoặc ký tự điều khiển.");
    return;
  }
  auto bytes = crypto::Base64Decode(encoded);
  if (!bytes) {
    Refuse(RefusalReason::kAttachment, "ContentTransferEncoded",
           "Nội dung tệp '" + a.name + "' không phải base64 hợp lệ.");
    return;
  }
  if (bytes->empty()) {
    Refuse(RefusalReason::kAttachment, "ContentTransferEncoded", "Tệp '" + a.name + "' rỗng.");
    return;
  }
  a.transfer_size = bytes->size();
  const std::string ext = Extension(a.name);
  if (LooksLikeZip(*bytes) && ext != "zip") {
    // edxml.md §5 rule 4: a one-file ZIP of a name that is not a .zip is the file itself. Office
    // formats are ZIPs of many entries themselves: such a payload is the file as it is.
    auto file = UnzipSingle(*bytes, options_.max_unzipped_bytes);
    if (!file && IsZipContainerFormat(ext) && file.error().code() == ErrorCode::kInvalidArgument) {
      a.bytes = std::move(*bytes);
      out_.document.attachments.push_back(std::move(a));
      return;
    }
    if (!file) {
      Refuse(RefusalReason::kAttachment, "ContentTransferEncoded",
             "Tệp '" + a.name + "': " + file.error().message());
      return;
    }
    if (declared_type != "application/zip" && declared_type != "application/x-zip-compressed") {
      Warn("content-type", "Tệp '" + a.name + "' khai báo kiểu '" + declared_type +
                               "' nhưng nội dung là tệp nén ZIP; đã giải nén.");
    }
    if (file->bytes.empty()) {
      Refuse(RefusalReason::kAttachment, "ContentTransferEncoded",
             "Tệp '" + a.name + "' rỗng (tệp nén chứa một tệp rỗng).");
      return;
    }
    if (ext.empty()) {
      // The name gains the inner file's extension, within the 255 bytes a name may have.
      const std::string inner = Extension(file->name);
      if (!inner.empty() && inner.size() <= 8 && IsSafeFileName("x." + inner) &&
          a.name.size() + 1 + inner.size() <= 255) {
        a.name += "." + inner;
      }
    }
    a.bytes = std::move(file->bytes);
    a.unzipped = true;
  } else {
    a.bytes = std::move(*bytes);
  }
  if (Extension(a.name) == "pdf" && a.bytes.substr(0, 1024).find("%PDF-") == std::string::npos) {
    Warn("attachment-content",
         "Tệp '" + a.name + "' mang đuôi .pdf nhưng nội dung không phải PDF.");
  }
  out_.document.attachments.push_back(std::move(a));
}

}  // namespace cqdt::exchange::internal

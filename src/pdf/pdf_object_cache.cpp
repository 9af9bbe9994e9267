#include "pdf_object_cache.hpp"

#include <algorithm>

namespace cqdt::pdf::internal {

using namespace PoDoFo;

std::optional<CachedValue> EncodeValue(const PdfObject& o) {
  CachedValue v;
  if (o.IsNumber()) {
    v.kind = CachedValue::Kind::kInt;
    v.integer = o.GetNumber();
  } else if (o.IsReal()) {
    v.kind = CachedValue::Kind::kReal;
    v.real = o.GetReal();
  } else if (o.IsName()) {
    v.kind = CachedValue::Kind::kName;
    v.name = o.GetName().GetName();
  } else if (o.IsArray()) {
    v.kind = CachedValue::Kind::kArray;
    for (const PdfObject& item : o.GetArray()) {
      std::optional<CachedValue> e = EncodeValue(item);
      if (!e) {
        return std::nullopt;
      }
      v.items.push_back(std::move(*e));
    }
  } else {
    return std::nullopt;
  }
  return v;
}

PdfObject DecodeValue(const CachedValue& v) {
  switch (v.kind) {
    case CachedValue::Kind::kInt:
      return PdfObject(static_cast<pdf_int64>(v.integer));
    case CachedValue::Kind::kReal:
      return PdfObject(v.real);
    case CachedValue::Kind::kName:
      return PdfObject(PdfName(v.name));
    case CachedValue::Kind::kArray: {
      PdfArray array;
      for (const CachedValue& item : v.items) {
        array.push_back(DecodeValue(item));
      }
      return PdfObject(array);
    }
  }
  return PdfObject();
}

std::optional<CachedStream> CaptureStream(const PdfObject& obj,
                                          const std::vector<std::string>& skip) {
  if (!obj.HasStream() || !obj.IsDictionary()) {
    return std::nullopt;
  }
  CachedStream out;
  for (const auto& [name, value] : obj.GetDictionary().GetKeys()) {
    if (name == PdfName::KeyLength ||
        std::find(skip.begin(), skip.end(), name.GetName()) != skip.end()) {
      continue;
    }
    std::optional<CachedValue> v = EncodeValue(*value);
    if (!v) {
      return std::nullopt;
    }
    out.keys.emplace_back(name.GetName(), std::move(*v));
  }
  char* buffer = nullptr;
  pdf_long length = 0;
  // The encoded bytes, as they will be written (GetStream is not const in PoDoFo 0.9.8).
  const_cast<PdfObject&>(obj).GetStream()->GetCopy(&buffer, &length);
  out.raw.assign(buffer, static_cast<std::size_t>(length));
  podofo_free(buffer);
  return out;
}

std::optional<CachedStream> CaptureReferencedStream(PdfObject* holder, const char* key) {
  const PdfObject* ref = holder->GetDictionary().GetKey(PdfName(key));
  if (ref == nullptr || !ref->IsReference()) {
    return std::nullopt;
  }
  const PdfObject* obj = holder->GetOwner()->GetObject(ref->GetReference());
  if (obj == nullptr) {
    return std::nullopt;
  }
  return CaptureStream(*obj);
}

void ApplyStream(PdfObject& obj, const CachedStream& s) {
  PdfMemoryInputStream in(s.raw.data(), static_cast<pdf_long>(s.raw.size()));
  // Raw: the bytes are already encoded as the cached /Filter says (set below; SetRawData keeps
  // the dictionary's filters).
  obj.GetStream()->SetRawData(&in, static_cast<pdf_long>(s.raw.size()));
  for (const auto& [name, value] : s.keys) {
    obj.GetDictionary().AddKey(PdfName(name), DecodeValue(value));
  }
}

PdfObject* MakeStream(PdfVecObjects& objects, const CachedStream& s) {
  PdfObject* obj = objects.CreateObject();
  ApplyStream(*obj, s);
  return obj;
}

}  // namespace cqdt::pdf::internal

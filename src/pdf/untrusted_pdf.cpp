#include "untrusted_pdf.hpp"

#include <algorithm>
#include <cstdint>
#include <istream>
#include <memory>
#include <streambuf>
#include <string>
#include <vector>

#include "pdf_internal.hpp"
#include "stream_checks.hpp"

namespace cqdt::pdf::internal {

using namespace PoDoFo;

namespace {

// Device operations (characters read, seeks) between two readings of the CPU clock: PoDoFo's
// tokenizer reads one character at a time, and a clock reading is a system call.
constexpr std::uint64_t kTicksPerBudgetCheck = 1 << 14;
// A predictor row buffer (PdfPredictorDecoder allocates Columns × Colors × BitsPerComponent / 8
// bytes up front, from numbers in the stream dictionary). Real rows are at most a few hundred KB.
constexpr std::int64_t kMaxPredictorRowBytes = 1 << 20;

// A read-only, seekable view of the caller's bytes (PoDoFo's own buffer device copies them).
class ViewBuffer final : public std::streambuf {
 public:
  explicit ViewBuffer(std::string_view bytes) {
    char* p = const_cast<char*>(bytes.data());
    setg(p, p, p + bytes.size());
  }

 protected:
  pos_type seekoff(off_type off, std::ios_base::seekdir dir,
                   std::ios_base::openmode which) override {
    if ((which & std::ios_base::in) == 0) {
      return pos_type(off_type(-1));
    }
    const off_type size = egptr() - eback();
    const off_type base = dir == std::ios_base::beg   ? 0
                          : dir == std::ios_base::cur ? gptr() - eback()
                                                      : size;
    // Untrusted offsets: seeking outside the bytes fails, as for std::istringstream.
    if (off > size || off < -size || base + off < 0 || base + off > size) {
      return pos_type(off_type(-1));
    }
    setg(eback(), eback() + base + off, egptr());
    return pos_type(base + off);
  }
  pos_type seekpos(pos_type pos, std::ios_base::openmode which) override {
    return seekoff(off_type(pos), std::ios_base::beg, which);
  }
};

bool IsName(const PdfObject* obj, const char* name) {
  return obj != nullptr && obj->IsName() && obj->GetName() == PdfName(name);
}

}  // namespace

// Everything PoDoFo reaches while it loads: the bytes (through BudgetedDevice), the stream
// factory, and the reason it was stopped, if it was.
struct LoadGuard final : public PdfVecObjects::StreamFactory {
  LoadGuard(std::string_view bytes, const CpuBudget& b)
      : pdf(bytes), view(bytes), in(&view), budget(b) {}

  std::string_view pdf;
  ViewBuffer view;
  std::istream in;
  const CpuBudget& budget;
  PdfVecObjects* objects = nullptr;
  std::optional<Error> stop;  // why PoDoFo was stopped
  std::uint64_t ticks = 0;
  std::uint64_t next_check = kTicksPerBudgetCheck;
  XRefStreamCheck xref;

  [[noreturn]] static void Throw() {
    // PdfError is the exception PoDoFo's own code cleans up after (it frees what it allocated
    // and, for a broken object, moves on); ValueOutOfRange is not one it recovers from by name.
    throw PdfError(ePdfError_ValueOutOfRange, __FILE__, __LINE__, "cqdt: a limit was reached");
  }
  // Records why the load must fail (the first reason wins).
  void Refuse(Error why) {
    if (!stop) {
      stop = std::move(why);
    }
  }
  [[noreturn]] void Stop(Error why) {
    Refuse(std::move(why));
    Throw();
  }

  // Every device operation. Once stopped, every read fails at once, so the rest of PoDoFo's loop
  // over the declared objects (at most kMaxObjects) ends quickly.
  void Tick(std::uint64_t weight) {
    if (objects != nullptr) {
      // PdfMemDocument::LoadFromDevice clears the document (and its stream factory) before the
      // parser's first read: the factory is installed again from here.
      objects->SetStreamFactory(this);
    }
    if (stop) {
      Throw();
    }
    ticks += weight;
    if (ticks >= next_check) {
      next_check = ticks + kTicksPerBudgetCheck;
      if (budget.Exhausted()) {
        Stop(budget.ExhaustedError());
      }
    }
  }

  PdfStream* CreateStream(PdfObject* parent) override;
  void Inspect(const PdfObject* parent, const char* data, pdf_long size);
  void CheckFilters(const TVecFilters& filters);
  void CheckPredictor(const PdfDictionary& dict);
};

namespace {

// The file's bytes as PoDoFo reads them, with a budget check every kTicksPerBudgetCheck
// operations.
class BudgetedDevice final : public PdfInputDevice {
 public:
  BudgetedDevice(std::istream* in, LoadGuard& guard) : PdfInputDevice(in), guard_(guard) {}

  int GetChar() const override {
    guard_.Tick(1);
    return PdfInputDevice::GetChar();
  }
  int Look() const override {
    guard_.Tick(1);
    return PdfInputDevice::Look();
  }
  std::streamoff Tell() const override {
    guard_.Tick(1);
    return PdfInputDevice::Tell();
  }
  void Seek(std::streamoff off, std::ios_base::seekdir dir = std::ios_base::beg) override {
    guard_.Tick(16);
    PdfInputDevice::Seek(off, dir);
  }
  std::streamoff Read(char* buffer, std::streamsize size) override {
    guard_.Tick(1 + static_cast<std::uint64_t>(size > 0 ? size : 0) / 64);
    return PdfInputDevice::Read(buffer, size);
  }

 private:
  LoadGuard& guard_;
};

// The decoded bytes of a stream, counted, and kept when asked, up to kMaxDecodedStreamBytes. It
// never throws: PoDoFo's Flate filter leaks its zlib state when its output stream throws (it
// calls inflateEnd only on a data error or at the end), so Inspect() stops feeding the decoder
// instead, between chunks, and closes it normally.
class CountingSink final : public PdfOutputStream {
 public:
  explicit CountingSink(bool keep) : keep_(keep) {}

  pdf_long Write(const char* buffer, pdf_long size) override {
    if (size <= 0) {
      return 0;
    }
    total_ += static_cast<std::size_t>(size);
    if (keep_ && total_ <= kMaxDecodedStreamBytes) {
      bytes_.append(buffer, static_cast<std::size_t>(size));
    }
    return size;
  }
  void Close() override {}
  bool TooLarge() const { return total_ > kMaxDecodedStreamBytes; }
  std::string_view bytes() const { return bytes_; }

 private:
  bool keep_;
  std::size_t total_ = 0;
  std::string bytes_;
};

// A stream created while loading: before PoDoFo first reads its data (to decode an object stream
// or a cross-reference stream), the data is inspected once. A stream that fails the inspection
// reads as empty, and the reason is kept in the guard: PoDoFo asks for the data after it has set
// up its decoders (PdfStream::GetFilteredCopy), and its filters assert (abort the process) when
// they are destroyed in the middle of decoding, so an exception must not leave from here.
class GuardedStream final : public PdfMemStream {
 public:
  GuardedStream(PdfObject* parent, LoadGuard& guard)
      : PdfMemStream(parent), parent_(parent), guard_(guard) {}

 protected:
  const char* GetInternalBuffer() const override {
    return Inspect() ? PdfMemStream::GetInternalBuffer() : "";
  }
  pdf_long GetInternalBufferSize() const override {
    return Inspect() ? PdfMemStream::GetInternalBufferSize() : 0;
  }

 private:
  enum class State { kNew, kFailed, kInspected };
  bool Inspect() const {
    if (state_ == State::kNew) {
      state_ = State::kFailed;
      try {
        guard_.Inspect(parent_, PdfMemStream::GetInternalBuffer(),
                       PdfMemStream::GetInternalBufferSize());
        state_ = State::kInspected;
      } catch (const PdfError&) {
        guard_.Refuse(Error::Malformed("Tệp không phải PDF hợp lệ."));
      } catch (const std::exception&) {
        guard_.Refuse(Error::Malformed("Tệp không phải PDF hợp lệ."));
      }
    }
    return state_ == State::kInspected;
  }

  PdfObject* parent_;
  LoadGuard& guard_;
  mutable State state_ = State::kNew;
};

}  // namespace

PdfStream* LoadGuard::CreateStream(PdfObject* parent) {
  // Objects made in memory afterwards (a signature's appearance, fonts, images) are ours: their
  // streams are plain. Only the file's own objects (parser objects) are untrusted.
  if (dynamic_cast<PdfParserObject*>(parent) == nullptr) {
    return new PdfMemStream(parent);
  }
  // PoDoFo creates a stream when it first needs the stream's data, after the dictionary was
  // parsed and before any decoder exists, so an exception here is safe (see GuardedStream).
  if (parent->IsDictionary()) {
    CheckPredictor(parent->GetDictionary());
  }
  return new GuardedStream(parent, *this);
}

void LoadGuard::CheckFilters(const TVecFilters& filters) {
  for (EPdfFilter f : filters) {
    switch (f) {
      case ePdfFilter_FlateDecode:
      case ePdfFilter_LZWDecode:
      case ePdfFilter_ASCIIHexDecode:
      case ePdfFilter_ASCII85Decode:
      case ePdfFilter_RunLengthDecode:
        break;
      default:
        // Image codecs (DCT, JPX, JBIG2, CCITT) and Crypt: PoDoFo decodes only object streams
        // and cross-reference streams while loading, and those are never images. A JPEG header
        // alone can ask for gigabytes of pixels.
        Stop(Error::Malformed("Tệp PDF có luồng đối tượng dùng bộ lọc không hợp lệ."));
    }
  }
}

void LoadGuard::CheckPredictor(const PdfDictionary& dict) {
  // PoDoFo's Flate and LZW decoders build a PdfPredictorDecoder from /DecodeParms when it is a
  // dictionary, else from the stream dictionary itself, and it allocates a row from numbers read
  // there (as int) as soon as the decoder exists: before the data is read, so before Inspect().
  const PdfObject* parms = dict.GetKey(PdfName("DecodeParms"));
  const PdfDictionary& p =
      parms != nullptr && parms->IsDictionary() ? parms->GetDictionary() : dict;
  const auto colors = static_cast<int>(p.GetKeyAsLong(PdfName("Colors"), 1));
  const auto bits = static_cast<int>(p.GetKeyAsLong(PdfName("BitsPerComponent"), 8));
  const auto columns = static_cast<int>(p.GetKeyAsLong(PdfName("Columns"), 1));
  if (colors < 1 || bits < 1 || columns < 1) {
    return;  // PoDoFo refuses these itself
  }
  if (static_cast<std::int64_t>(columns) * colors * bits / 8 > kMaxPredictorRowBytes) {
    Stop(Error::Malformed("Tệp PDF có luồng dữ liệu với tham số giải nén không hợp lệ."));
  }
}

void LoadGuard::Inspect(const PdfObject* parent, const char* data, pdf_long size) {
  if (stop) {
    Throw();
  }
  if (budget.Exhausted()) {
    Stop(budget.ExhaustedError());
  }
  if (parent == nullptr || !parent->IsDictionary()) {
    return;
  }
  const PdfDictionary& dict = parent->GetDictionary();
  const PdfObject* type = dict.GetKey(PdfName("Type"));
  const bool xref_stream = IsName(type, "XRef");
  // PoDoFo reads any stream an xref entry names as an object stream, /Type or not; /N and
  // /First are what it reads from it.
  const bool object_stream = !xref_stream && (IsName(type, "ObjStm") || dict.HasKey(PdfName("N")) ||
                                              dict.HasKey(PdfName("First")));
  const TVecFilters filters = PdfFilterFactory::CreateFilterList(parent);
  CheckFilters(filters);
  CountingSink sink(xref_stream || object_stream);
  if (filters.empty()) {
    sink.Write(data, size);
  } else {
    // Fed in small chunks, so that a flate bomb (up to ~1000x) is stopped within a few MB of
    // output, and the budget is checked as it goes.
    constexpr pdf_long kChunk = 4096;
    std::unique_ptr<PdfOutputStream> decode(
        PdfFilterFactory::CreateDecodeStream(filters, &sink, &dict));
    for (pdf_long at = 0; at < size && !sink.TooLarge() && !budget.Exhausted(); at += kChunk) {
      decode->Write(data + at, std::min(kChunk, size - at));
    }
    decode->Close();
  }
  if (budget.Exhausted()) {
    Stop(budget.ExhaustedError());
  }
  if (sink.TooLarge()) {
    Stop(Error::TooLarge("Tệp PDF có luồng dữ liệu nén giải nén ra hơn " +
                         std::to_string(kMaxDecodedStreamBytes >> 20) +
                         " MB; hệ thống không xử lý tệp này."));
  }
  if (xref_stream) {
    // Read as PdfXRefStreamParserObject reads them (direct values); anything else it refuses.
    const PdfObject* w = dict.GetKey(PdfName("W"));
    if (w == nullptr || !w->IsArray() || w->GetArray().size() != 3) {
      return;
    }
    std::int64_t widths[3] = {0, 0, 0};
    for (std::size_t i = 0; i < 3; ++i) {
      if (!w->GetArray()[i].IsNumber()) {
        return;
      }
      widths[i] = w->GetArray()[i].GetNumber();
    }
    std::vector<std::int64_t> index;
    if (const PdfObject* ix = dict.GetKey(PdfName("Index")); ix != nullptr) {
      if (!ix->IsArray()) {
        return;
      }
      for (const PdfObject& v : ix->GetArray()) {
        if (!v.IsNumber()) {
          return;
        }
        index.push_back(v.GetNumber());
      }
    } else {
      index = {0, dict.GetKeyAsLong(PdfName("Size"), 0)};
    }
    if (Status st = xref.Add(widths, index, sink.bytes()); !st) {
      Stop(st.error());
    }
  } else if (object_stream) {
    const std::int64_t n = parent->GetIndirectKeyAsLong(PdfName("N"), 0);
    const std::int64_t first = parent->GetIndirectKeyAsLong(PdfName("First"), 0);
    if (Status st = CheckObjectStream(sink.bytes(), n, first); !st) {
      Stop(st.error());
    }
  }
}

UntrustedPdf::UntrustedPdf(std::string_view pdf, const CpuBudget& budget)
    : budget_(budget),
      guard_(std::make_unique<LoadGuard>(pdf, budget)),
      doc_(std::make_unique<PdfMemDocument>()) {}

UntrustedPdf::~UntrustedPdf() {
  doc_.reset();  // its streams refer to guard_
}

Status UntrustedPdf::Load(bool for_update) {
  InitPodofo();
  const std::string_view pdf = guard_->pdf;
  if (pdf.size() < 8 || pdf.substr(0, 5) != "%PDF-") {
    return Error::Malformed("Tệp không phải PDF hợp lệ.");
  }
  CQDT_RETURN_IF_ERROR(budget_.Check());
  guard_->objects = &doc_->GetObjects();
  try {
    // The device is owned (and deleted) by the ref-counted wrapper; the document keeps a copy of
    // the wrapper when loaded for update, to copy the original bytes into the output.
    PdfRefCountedInputDevice device(new BudgetedDevice(&guard_->in, *guard_));
    doc_->LoadFromDevice(device, for_update);
    if (guard_->stop) {
      return *guard_->stop;  // a stream refused without PoDoFo noticing (an empty one served)
    }
  } catch (const PdfError& e) {
    // PdfParser refuses a /Size above SetMaxObjectCount with this message.
    for (const PdfErrorInfo& info : e.GetCallstack()) {
      if (info.GetInformation().find("m_nMaxObjects") != std::string::npos) {
        return Failure(Error::TooLarge("Tệp PDF khai báo hơn " + std::to_string(kMaxObjects) +
                                       " đối tượng; hệ thống không xử lý tệp này."));
      }
    }
    return Failure(Error::Malformed("Tệp không phải PDF hợp lệ."));
  } catch (const std::exception&) {
    // A hostile file can make PoDoFo fail in other ways (bad_alloc on an absurd length).
    return Failure(Error::Malformed("Tệp không phải PDF hợp lệ."));
  }
  return Ok();
}

Status UntrustedPdf::Check() const {
  if (guard_->stop) {
    return *guard_->stop;
  }
  return budget_.Check();
}

Error UntrustedPdf::Failure(Error fallback) const {
  if (guard_->stop) {
    return *guard_->stop;
  }
  if (budget_.Exhausted()) {
    return budget_.ExhaustedError();
  }
  return fallback;
}

}  // namespace cqdt::pdf::internal

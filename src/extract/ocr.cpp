// OCR (extract.hpp: OcrAvailable, OcrGrey) through Tesseract's C API, loaded with dlopen when a
// page first needs it. A child reading a text PDF -- nearly every file -- so never loads
// Tesseract and the ~40 libraries it brings (leptonica's image formats, libarchive, curl,
// GnuTLS, Kerberos, LDAP...), which were most of such a child's start-up (bench/extract-bench.sh).
#include <dlfcn.h>

#include <memory>

#include <tesseract/capi.h>

#include "extract/extract.hpp"

#ifndef CQDT_TESSERACT_LIBRARY
#error "CQDT_TESSERACT_LIBRARY (the soname of libtesseract) is set by src/extract/CMakeLists.txt"
#endif

namespace cqdt::extract {

namespace {

// The functions of the C API this file calls, resolved once.
struct Tesseract {
  decltype(&TessBaseAPICreate) create = nullptr;
  decltype(&TessBaseAPIInit2) init = nullptr;
  decltype(&TessBaseAPISetPageSegMode) set_page_seg_mode = nullptr;
  decltype(&TessBaseAPISetImage) set_image = nullptr;
  decltype(&TessBaseAPISetSourceResolution) set_source_resolution = nullptr;
  decltype(&TessBaseAPIGetUTF8Text) get_utf8_text = nullptr;
  decltype(&TessDeleteText) delete_text = nullptr;
  decltype(&TessBaseAPIEnd) end = nullptr;
  decltype(&TessBaseAPIDelete) destroy = nullptr;
};

template <typename F>
bool Resolve(void* library, const char* name, F& out) {
  out = reinterpret_cast<F>(dlsym(library, name));
  return out != nullptr;
}

// Null when the library is not installed or lacks a function (then no OCR, as without the model).
const Tesseract* LoadTesseract() {
  static const Tesseract* const loaded = []() -> const Tesseract* {
    void* library = dlopen(CQDT_TESSERACT_LIBRARY, RTLD_NOW | RTLD_LOCAL);
    if (library == nullptr) {
      return nullptr;
    }
    // Kept for the process's life (a child reads one file and exits).
    static Tesseract t;
    const bool ok = Resolve(library, "TessBaseAPICreate", t.create) &&
                    Resolve(library, "TessBaseAPIInit2", t.init) &&
                    Resolve(library, "TessBaseAPISetPageSegMode", t.set_page_seg_mode) &&
                    Resolve(library, "TessBaseAPISetImage", t.set_image) &&
                    Resolve(library, "TessBaseAPISetSourceResolution", t.set_source_resolution) &&
                    Resolve(library, "TessBaseAPIGetUTF8Text", t.get_utf8_text) &&
                    Resolve(library, "TessDeleteText", t.delete_text) &&
                    Resolve(library, "TessBaseAPIEnd", t.end) &&
                    Resolve(library, "TessBaseAPIDelete", t.destroy);
    return ok ? &t : nullptr;
  }();
  return loaded;
}

// A recogniser with the Vietnamese model (LSTM), ended and deleted with its scope; null when
// Tesseract or the model is missing.
struct ApiDeleter {
  const Tesseract* t;
  void operator()(TessBaseAPI* api) const {
    t->end(api);
    t->destroy(api);
  }
};
using Api = std::unique_ptr<TessBaseAPI, ApiDeleter>;

Api Vietnamese(const Tesseract& t) {
  Api api(t.create(), ApiDeleter{&t});
  if (!api || t.init(api.get(), nullptr, "vie", tesseract::OEM_LSTM_ONLY) != 0) {
    return Api(nullptr, ApiDeleter{&t});
  }
  return api;
}

}  // namespace

bool OcrAvailable() {
  const Tesseract* t = LoadTesseract();
  return t != nullptr && Vietnamese(*t) != nullptr;
}

Result<std::string> OcrGrey(const unsigned char* pixels, int width, int height, int stride,
                            int dpi) {
  const Tesseract* t = LoadTesseract();
  if (t == nullptr) {
    return Error::Unavailable(
        "Máy chủ chưa cài thư viện nhận dạng chữ Tesseract (libtesseract5) nên chưa đọc được "
        "trang quét.");
  }
  Api api = Vietnamese(*t);
  if (!api) {
    return Error::Unavailable(
        "Máy chủ chưa cài mô hình nhận dạng chữ tiếng Việt (tesseract-ocr-vie) nên chưa đọc được "
        "trang quét.");
  }
  t->set_page_seg_mode(api.get(), tesseract::PSM_AUTO);
  t->set_image(api.get(), pixels, width, height, 1, stride);
  t->set_source_resolution(api.get(), dpi);
  char* text = t->get_utf8_text(api.get());
  std::string out = text != nullptr ? std::string(text) : std::string();
  t->delete_text(text);
  return out;
}

}  // namespace cqdt::extract

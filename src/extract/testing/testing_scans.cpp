#include "extract/testing_scans.hpp"

#include <memory>
#include <vector>

#include <poppler-document.h>
#include <poppler-image.h>
#include <poppler-page-renderer.h>
#include <poppler-page.h>

namespace cqdt::extract::testing {

std::string ScannedPdf(std::string_view pdf, int dpi) {
  poppler::byte_array data(pdf.begin(), pdf.end());
  std::unique_ptr<poppler::document> doc(poppler::document::load_from_data(&data));
  if (!doc) {
    return {};
  }
  std::vector<std::string> objects = {"<< /Type /Catalog /Pages 2 0 R >>", ""};
  std::string kids;
  for (int i = 0; i < doc->pages(); ++i) {
    std::unique_ptr<poppler::page> page(doc->create_page(i));
    poppler::page_renderer renderer;
    renderer.set_render_hint(poppler::page_renderer::antialiasing, true);
    renderer.set_render_hint(poppler::page_renderer::text_antialiasing, true);
    renderer.set_image_format(poppler::image::format_gray8);
    const poppler::image img = renderer.render_page(page.get(), dpi, dpi);
    const int w = img.width(), h = img.height();
    std::string samples;
    samples.reserve(static_cast<std::size_t>(w) * static_cast<std::size_t>(h));
    for (int y = 0; y < h; ++y) {
      samples.append(img.const_data() + static_cast<std::ptrdiff_t>(y) * img.bytes_per_row(),
                     static_cast<std::size_t>(w));
    }
    const double pw = w * 72.0 / dpi, ph = h * 72.0 / dpi;
    const int page_obj = static_cast<int>(objects.size()) + 1;
    const std::string content =
        "q " + std::to_string(pw) + " 0 0 " + std::to_string(ph) + " 0 0 cm /Im0 Do Q\n";
    objects.push_back("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 " + std::to_string(pw) + " " +
                      std::to_string(ph) + "] /Resources << /XObject << /Im0 " +
                      std::to_string(page_obj + 2) + " 0 R >> >> /Contents " +
                      std::to_string(page_obj + 1) + " 0 R >>");
    objects.push_back("<< /Length " + std::to_string(content.size()) + " >>\nstream\n" + content +
                      "endstream");
    objects.push_back("<< /Type /XObject /Subtype /Image /Width " + std::to_string(w) +
                      " /Height " + std::to_string(h) +
                      " /ColorSpace /DeviceGray /BitsPerComponent 8 /Length " +
                      std::to_string(samples.size()) + " >>\nstream\n" + samples + "\nendstream");
    kids += std::to_string(page_obj) + " 0 R ";
  }
  objects[1] =
      "<< /Type /Pages /Kids [" + kids + "] /Count " + std::to_string(doc->pages()) + " >>";
  std::string out = "%PDF-1.7\n%\xe2\xe3\xcf\xd3\n";
  std::vector<std::size_t> offsets;
  for (std::size_t i = 0; i < objects.size(); ++i) {
    offsets.push_back(out.size());
    out += std::to_string(i + 1) + " 0 obj\n" + objects[i] + "\nendobj\n";
  }
  const std::size_t xref = out.size();
  out += "xref\n0 " + std::to_string(objects.size() + 1) + "\n0000000000 65535 f \n";
  for (std::size_t off : offsets) {
    std::string n = std::to_string(off);
    out += std::string(10 - n.size(), '0') + n + " 00000 n \n";
  }
  out += "trailer\n<< /Size " + std::to_string(objects.size() + 1) +
         " /Root 1 0 R >>\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n";
  return out;
}

}  // namespace cqdt::extract::testing

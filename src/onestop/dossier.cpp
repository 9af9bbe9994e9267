#include "onestop/dossier.hpp"

namespace cqdt::onestop {

const char* ResultDeliveryName(ResultDelivery d) {
  switch (d) {
    case ResultDelivery::kCounter:
      return "counter";
    case ResultDelivery::kPostal:
      return "postal";
    case ResultDelivery::kElectronic:
      return "electronic";
  }
  return "counter";
}

std::optional<ResultDelivery> ParseResultDelivery(std::string_view s) {
  for (ResultDelivery d :
       {ResultDelivery::kCounter, ResultDelivery::kPostal, ResultDelivery::kElectronic}) {
    if (s == ResultDeliveryName(d)) {
      return d;
    }
  }
  return std::nullopt;
}

std::string ResultDeliveryLabel(ResultDelivery d) {
  switch (d) {
    case ResultDelivery::kCounter:
      return "Nhận tại Bộ phận Một cửa";
    case ResultDelivery::kPostal:
      return "Nhận qua dịch vụ bưu chính công ích";
    case ResultDelivery::kElectronic:
      return "Nhận bản điện tử";
  }
  return "";
}

const char* DossierFileKindName(DossierFileKind k) {
  switch (k) {
    case DossierFileKind::kApplication:
      return "application";
    case DossierFileKind::kSupplement:
      return "supplement";
    case DossierFileKind::kResult:
      return "result";
  }
  return "application";
}

}  // namespace cqdt::onestop

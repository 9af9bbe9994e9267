// The HTTP side shared by the delivery routes (private to api): the sender's side
// (document_delivery_routes.cpp: release, recall, links, deliveries, manual send) and the
// reception side (document_reception_routes.cpp: the reception queue, register, refuse, the
// answers to a recall). A delivery's ETag is `"delivery-<id>-<version>"`.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "documents/delivery_service.hpp"
#include "internal.hpp"

namespace cqdt::api::delivery_http {

// An ISO 8601 time in Vietnam (UTC+7) of Unix seconds; "" for 0.
std::string Time(std::int64_t seconds);
// The id, or null when it is not set (0).
json NullableId(std::int64_t id);
std::string DeliveryETag(const documents::Delivery& d);
// The JSON of a delivery with its history (schema Delivery).
json DeliveryJson(const documents::Delivery& d, const std::vector<documents::DeliveryEvent>& h,
                  const http::Request& req);

using Handler =
    std::function<http::Response(ApiContext&, http::Request&, const identity::Principal&)>;
// Authenticated, and 503 while the delivery services are not wired.
http::Handler Guarded(ApiContext& ctx, Handler handler);

// The reception side (document_reception_routes.cpp), registered by
// RegisterDocumentDeliveryRoutes after the sender's routes.
void RegisterDocumentReceptionRoutes(http::Router& r, ApiContext& ctx);

}  // namespace cqdt::api::delivery_http

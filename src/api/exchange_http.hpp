// What the exchange's route files share (private to api): JSON of hub records and the receipt of
// one package from a member, a peer or a local agency.
#pragma once

#include <string>
#include <vector>

#include "exchange/hub.hpp"
#include "internal.hpp"

namespace cqdt::api {

json MessageJson(const exchange::Message& m, const http::Request& req);
json HopsJson(const std::vector<exchange::Hop>& hops, const http::Request& req);
json ExchangeDeliveryJson(const exchange::Delivery& d, const http::Request& req);
// Inspects `bytes` with the source's signature policy and this instance's trust store, then
// receives it in one transaction: 202 with the deliveries, 200 for a duplicate, 422 problem
// (reason code, field, message id) for a refusal.
http::Response ReceivePackage(ApiContext& ctx, const http::Request& req,
                              const exchange::Source& source, const std::string& bytes);

}  // namespace cqdt::api

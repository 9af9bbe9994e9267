// The demo month of documents (issue 10), loaded by `cqdt demo` after the demo province.
#pragma once

#include "core/working_calendar.hpp"
#include "services.hpp"

namespace cqdt::app {

// Loads incoming and outgoing documents at every stage for the demo offices (Sở Nội vụ and
// phường Rạch Giá), acting as their demo users through the documents use cases. Nothing is done
// when Sở Nội vụ already has incoming documents. `with_keys`: the demo PKI's keys are in `s`'s
// key ring, so some documents are signed by the director and issued with the seal; without it
// they stop before the signature.
Status LoadDemoDocuments(Services& s, const WorkingCalendar& calendar, bool with_keys);

}  // namespace cqdt::app

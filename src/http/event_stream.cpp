#include "http/event_stream.hpp"

#include <utility>

namespace cqdt::http {
namespace {

void AppendField(std::string& out, std::string_view field, std::string_view value) {
  out += field;
  out += ": ";
  for (char c : value) {
    if (c != '\r' && c != '\n') {
      out += c;
    }
  }
  out += '\n';
}

}  // namespace

void EventStream::Push(std::string event) {
  std::function<void()> wake;
  {
    std::lock_guard lock(mutex_);
    if (closed_) {
      return;
    }
    pending_ += event;
    wake = wake_;
  }
  if (wake) {
    wake();
  }
}

void EventStream::Close() {
  std::function<void()> wake;
  {
    std::lock_guard lock(mutex_);
    closed_ = true;
    wake = std::move(wake_);
    wake_ = nullptr;
  }
  if (wake) {
    wake();
  }
}

bool EventStream::IsOpen() const {
  std::lock_guard lock(mutex_);
  return !closed_;
}

void EventStream::Attach(std::function<void()> wake) {
  std::lock_guard lock(mutex_);
  if (!closed_) {
    wake_ = std::move(wake);
  }
}

std::string EventStream::Take(bool& closed) {
  std::lock_guard lock(mutex_);
  closed = closed_;
  return std::exchange(pending_, std::string());
}

void EventStream::Detach() {
  std::lock_guard lock(mutex_);
  closed_ = true;
  wake_ = nullptr;
  pending_.clear();
}

std::string FormatEvent(std::string_view name, std::string_view id, std::string_view data) {
  std::string out;
  out.reserve(data.size() + name.size() + id.size() + 24);
  if (!name.empty()) {
    AppendField(out, "event", name);
  }
  if (!id.empty()) {
    AppendField(out, "id", id);
  }
  // A data line ends at CR, LF or CRLF (WHATWG HTML 9.2.6): each line becomes its own field.
  std::size_t start = 0;
  while (start <= data.size()) {
    std::size_t end = data.find_first_of("\r\n", start);
    const std::string_view line =
        data.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    out += "data: ";
    out += line;
    out += '\n';
    if (end == std::string_view::npos) {
      break;
    }
    if (data[end] == '\r' && end + 1 < data.size() && data[end + 1] == '\n') {
      ++end;
    }
    start = end + 1;
  }
  out += '\n';
  return out;
}

}  // namespace cqdt::http

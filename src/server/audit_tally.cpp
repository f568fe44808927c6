#include "server/audit_tally.hpp"

#include <utility>

namespace bfr::server {

std::optional<int> AuditTally::happened(const std::string& key, Clock::time_point now) {
  constexpr std::size_t kMostKeys = 100'000;  // memory bound: keys whose window has ended go first
  std::lock_guard lock(mutex_);
  if (by_key_.size() >= kMostKeys) std::erase_if(by_key_, [&](const auto& t) { return now - t.second.since >= window_; });
  if (by_key_.size() >= kMostKeys) by_key_.clear();
  auto& t = by_key_[key];
  if (t.written == 0 || now - t.since >= window_) t.written = 0, t.since = now;
  ++t.unwritten;
  if (t.written >= lines_) return std::nullopt;
  ++t.written;
  return std::exchange(t.unwritten, 0);
}

}  // namespace bfr::server

#include "server/metrics_cache.hpp"

#include <limits>

namespace bfr::server {

report::SessionMetrics MetricsCache::of(store::Store& db, store::Id session) {
  report::SessionMetricsBuilder b;
  {
    std::lock_guard lock(mutex_);
    if (const auto it = builders_.find(session); it != builders_.end()) b = it->second;
  }
  // Outside the lock: two requests may both read the same new samples; the later-reaching one wins.
  const auto fresh = db.samples_after(session, b.last_t_ms().value_or(std::numeric_limits<std::int64_t>::min()));
  for (const auto& s : fresh) b.add(s);
  std::lock_guard lock(mutex_);
  if (builders_.size() >= kMaxSessions) builders_.clear();
  auto& kept = builders_[session];
  if (!kept.last_t_ms() || (b.last_t_ms() && *b.last_t_ms() > *kept.last_t_ms())) kept = b;
  return b.result();
}

}  // namespace bfr::server

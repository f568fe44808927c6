#include "server/metrics_cache.hpp"

#include <limits>

namespace bfr::server {

session::SessionMetrics MetricsCache::of(store::Store& db, const store::Session& s) {
  if (auto kept = session::kept_figures(s)) return *kept;  // an ended session: no samples to read
  return of(db, s.id);
}

session::SessionMetrics MetricsCache::of(store::Store& db, store::Id id) {
  session::SessionMetricsBuilder b;
  {
    std::lock_guard lock(mutex_);
    if (const auto it = builders_.find(id); it != builders_.end()) b = it->second;
  }
  // Outside the lock: two requests may both read the same new samples; the later-reaching one wins.
  const auto fresh = db.samples_after(id, b.last_t_ms().value_or(std::numeric_limits<std::int64_t>::min()));
  for (const auto& x : fresh) b.add(x);
  std::lock_guard lock(mutex_);
  if (builders_.size() >= kMaxSessions) builders_.clear();
  auto& kept = builders_[id];
  if (!kept.last_t_ms() || (b.last_t_ms() && *b.last_t_ms() > *kept.last_t_ms())) kept = b;
  return b.result();
}

}  // namespace bfr::server

#pragma once
// Each session's figures, kept up to date from only its new samples. The athlete and session
// pages ask for them on every view; reading every sample of a running session each time cost
// O(samples) per request (bfr bench serve on PostgreSQL: p99 58 ms after 10 s of 50 live
// sessions, growing with their length). Samples are append-only in time order, so a builder
// per session stays exact.

#include <map>
#include <mutex>

#include "session/session_metrics.hpp"
#include "store/store.hpp"

namespace bfr::server {

class MetricsCache {
 public:
  session::SessionMetrics of(store::Store& db, store::Id id);
  // An ended session's kept figures (its summary), or as above.
  session::SessionMetrics of(store::Store& db, const store::Session& s);

 private:
  static constexpr std::size_t kMaxSessions = 10000;  // then start afresh: about 1 MB at most
  std::mutex mutex_;
  std::map<store::Id, session::SessionMetricsBuilder> builders_;
};

}  // namespace bfr::server

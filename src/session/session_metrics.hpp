#pragma once
// Figures of one stored session, from its samples: how long the cuff was on, how well the
// pressure held the target band, the highest pressure. Shared by the report, the history and
// the exports so they always agree. The guided session keeps them in its summary when it ends
// ("figures"), so a list of sessions needs none of their samples (docs/sessions.md).

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>

#include "store/store.hpp"

namespace bfr::session {

struct SessionMetrics {
  double duration_s = 0;             // first to last sample
  double restriction_s = 0;          // cuff above 20 mmHg (core::limits::kDeflated)
  double regulated_s = 0;            // holding or resting with a setpoint
  std::optional<double> in_band_pct; // share of regulated time within setpoint +-10 %
  double highest_mmHg = 0;
  int sets = 0;                      // sets completed (holding to resting); a restarted set once
  int alarm_samples = 0;
};

// The figures built up one sample at a time (in time order), so that a session still running
// costs only its new samples (the server keeps one per session).
class SessionMetricsBuilder {
 public:
  void add(const store::Sample& s);
  [[nodiscard]] SessionMetrics result() const;
  // The time of the last sample added: ask the store only for later ones.
  [[nodiscard]] std::optional<std::int64_t> last_t_ms() const;

 private:
  SessionMetrics m_;
  std::optional<store::Sample> first_, previous_;
  double in_band_s_ = 0;
};

SessionMetrics session_metrics(std::span<const store::Sample> samples);

// The figures as an ended session keeps them in its summary, and back (none if it has none).
nlohmann::json figures_json(const SessionMetrics& m);
std::optional<SessionMetrics> kept_figures(const store::Session& s);
// An ended session's kept figures; a running one's (or one that ended before figures were kept)
// from its samples.
SessionMetrics session_figures(store::Store& db, const store::Session& s);

}  // namespace bfr::session

#pragma once
// Figures of one stored session, from its samples: how long the cuff was on, how well the
// pressure held the target band, the highest pressure. Shared by the report, the history and
// the exports so they always agree.

#include <optional>
#include <span>

#include "store/records.hpp"

namespace bfr::report {

struct SessionMetrics {
  double duration_s = 0;             // first to last sample
  double restriction_s = 0;          // cuff above 20 mmHg (core::limits::kDeflated)
  double regulated_s = 0;            // holding or resting with a setpoint
  std::optional<double> in_band_pct; // share of regulated time within setpoint +-10 %
  double highest_mmHg = 0;
  int sets = 0;
  int alarm_samples = 0;
};

SessionMetrics session_metrics(std::span<const store::Sample> samples);

}  // namespace bfr::report

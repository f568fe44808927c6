#include "report/session_metrics.hpp"

#include <algorithm>
#include <cmath>

#include "core/limits.hpp"
#include "core/phases.hpp"
#include "rig/regulation_metrics.hpp"

namespace bfr::report {


SessionMetrics session_metrics(std::span<const store::Sample> samples) {
  SessionMetrics m;
  if (samples.empty()) return m;
  m.duration_s = static_cast<double>(samples.back().t_ms - samples.front().t_ms) / 1000.0;
  double in_band_s = 0;
  for (std::size_t i = 0; i + 1 < samples.size(); ++i) {
    const auto& s = samples[i];
    const double dt = static_cast<double>(samples[i + 1].t_ms - s.t_ms) / 1000.0;
    if (s.pressure_mmHg > core::limits::kDeflated.mmHg()) m.restriction_s += dt;
    const auto phase = static_cast<core::PhaseId>(s.phase);
    if ((phase == core::PhaseId::holding || phase == core::PhaseId::resting) && s.setpoint_mmHg) {
      m.regulated_s += dt;
      if (std::abs(s.pressure_mmHg - *s.setpoint_mmHg) <= rig::kExerciseBand * *s.setpoint_mmHg) in_band_s += dt;
    }
  }
  for (const auto& s : samples) {
    m.highest_mmHg = std::max(m.highest_mmHg, s.pressure_mmHg);
    m.sets = std::max(m.sets, s.set);
    if (s.off_target) ++m.alarm_samples;
  }
  if (m.regulated_s > 0) m.in_band_pct = 100.0 * in_band_s / m.regulated_s;
  return m;
}

}  // namespace bfr::report

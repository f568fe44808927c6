#include "session/session_metrics.hpp"

#include <algorithm>
#include <cmath>

#include "core/limits.hpp"
#include "core/phases.hpp"
#include "core/regulation_bands.hpp"

namespace bfr::session {

void SessionMetricsBuilder::add(const store::Sample& s) {
  if (!first_) first_ = s;
  if (previous_) {
    // The interval up to this sample is counted in the state of the one before it.
    const auto& p = *previous_;
    const double dt = static_cast<double>(s.t_ms - p.t_ms) / 1000.0;
    if (p.pressure_mmHg > core::limits::kDeflated.mmHg()) m_.restriction_s += dt;
    const auto phase = static_cast<core::PhaseId>(p.phase);
    // A set is done when the device goes from holding to resting; a set cut short by a pause goes
    // to deflating instead and is not counted, so a set restarted after a pause counts once.
    if (phase == core::PhaseId::holding && static_cast<core::PhaseId>(s.phase) == core::PhaseId::resting) ++m_.sets;
    if ((phase == core::PhaseId::holding || phase == core::PhaseId::resting) && p.setpoint_mmHg) {
      m_.regulated_s += dt;
      if (std::abs(p.pressure_mmHg - *p.setpoint_mmHg) <= core::kExerciseBand * *p.setpoint_mmHg) in_band_s_ += dt;
    }
  }
  previous_ = s;
  m_.duration_s = static_cast<double>(s.t_ms - first_->t_ms) / 1000.0;
  m_.highest_mmHg = std::max(m_.highest_mmHg, s.pressure_mmHg);
  if (s.off_target) ++m_.alarm_samples;
}

SessionMetrics SessionMetricsBuilder::result() const {
  auto m = m_;
  if (m.regulated_s > 0) m.in_band_pct = 100.0 * in_band_s_ / m.regulated_s;
  return m;
}

std::optional<std::int64_t> SessionMetricsBuilder::last_t_ms() const {
  return previous_ ? std::optional<std::int64_t>(previous_->t_ms) : std::nullopt;
}

SessionMetrics session_metrics(std::span<const store::Sample> samples) {
  SessionMetricsBuilder b;
  for (const auto& s : samples) b.add(s);
  return b.result();
}

nlohmann::json figures_json(const SessionMetrics& m) {
  return {{"duration_s", m.duration_s},   {"restriction_s", m.restriction_s}, {"regulated_s", m.regulated_s},
          {"in_band_pct", m.in_band_pct ? nlohmann::json(*m.in_band_pct) : nlohmann::json()},
          {"highest_mmHg", m.highest_mmHg}, {"sets", m.sets},                   {"alarm_samples", m.alarm_samples}};
}

std::optional<SessionMetrics> kept_figures(const store::Session& s) {
  if (s.outcome == "running") return std::nullopt;
  const auto summary = nlohmann::json::parse(s.summary_json, nullptr, false);
  if (!summary.is_object() || !summary.contains("figures") || !summary["figures"].is_object()) return std::nullopt;
  const auto& f = summary["figures"];
  try {
    SessionMetrics m;
    m.duration_s = f.at("duration_s").get<double>();
    m.restriction_s = f.at("restriction_s").get<double>();
    m.regulated_s = f.at("regulated_s").get<double>();
    if (!f.at("in_band_pct").is_null()) m.in_band_pct = f.at("in_band_pct").get<double>();
    m.highest_mmHg = f.at("highest_mmHg").get<double>();
    m.sets = f.at("sets").get<int>();
    m.alarm_samples = f.at("alarm_samples").get<int>();
    return m;
  } catch (const nlohmann::json::exception&) {
    return std::nullopt;  // figures of another shape: computed again from the samples
  }
}

SessionMetrics session_figures(store::Store& db, const store::Session& s) {
  if (auto kept = kept_figures(s)) return *kept;
  return session_metrics(db.samples(s.id));
}

}  // namespace bfr::session

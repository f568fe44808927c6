#include "sim/sensors.hpp"

#include <algorithm>
#include <cmath>

namespace bfr::sim {

PressureSensorSpec draw_pressure_sensor(const PressureSensorSpec& nominal, Random& rng) {
  PressureSensorSpec s = nominal;
  s.offset = units::mmHg(rng.uniform(-kSensorOffsetToleranceMmHg, kSensorOffsetToleranceMmHg));
  s.gain_error = rng.uniform(-kSensorGainTolerance, kSensorGainTolerance);
  return s;
}

PressureSensor::PressureSensor(PressureSensorSpec spec, Random rng) : spec_(spec), rng_(rng) {}

std::optional<units::Pressure> PressureSensor::sample(units::Instant t, units::Pressure truth,
                                                      const SensorFaults& faults) {
  if (t.seconds() + 1e-12 < next_sample_s_) return std::nullopt;
  next_sample_s_ += spec_.sample_rate.period().seconds();
  if (faults.stuck) return units::mmHg(last_);
  double p = truth.mmHg() * (1.0 + spec_.gain_error) + spec_.offset.mmHg() + faults.drift_mmHg +
             spec_.noise.mmHg() * rng_.normal();
  if (faults.spike_rate_hz > 0.0 && rng_.uniform() < faults.spike_rate_hz * spec_.sample_rate.period().seconds())
    p += faults.spike_amplitude_mmHg * (rng_.uniform() < 0.5 ? -1.0 : 1.0);
  const double q = spec_.resolution.mmHg();
  p = std::round(p / q) * q;
  last_ = faults.disconnected ? spec_.range_min.mmHg() : std::clamp(p, spec_.range_min.mmHg(), spec_.range_max.mmHg());
  return units::mmHg(last_);
}

PulseSensor::PulseSensor(PulseSensorSpec spec, Random rng) : spec_(spec), rng_(rng) {}

std::optional<double> PulseSensor::step(units::Instant t, units::Duration dt, double distal_flow, bool limb_moving) {
  if (!spec_.fitted) return std::nullopt;
  filtered_ += (distal_flow - filtered_) * std::min(dt / spec_.smoothing, 1.0);
  if (t.seconds() + 1e-12 < next_sample_s_) return std::nullopt;
  next_sample_s_ += spec_.sample_rate.period().seconds();
  const double noise = (limb_moving ? spec_.motion_noise : spec_.noise) * rng_.normal();
  return filtered_ + noise;
}

}  // namespace bfr::sim

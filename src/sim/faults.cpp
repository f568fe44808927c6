#include "sim/faults.hpp"

#include <algorithm>
#include <cmath>

namespace bfr::sim {

namespace {
// A slipping cuff loosens over this time, losing fit volume (mL per unit of severity).
constexpr double kSlipDurationS = 20.0;
constexpr double kSlipFitLossMl = 40.0;
constexpr double kSpikeAmplitudeMmHg = 60.0;

void add_spikes(SensorFaults& sensor, double rate_hz) {
  sensor.spike_rate_hz += rate_hz;
  sensor.spike_amplitude_mmHg = kSpikeAmplitudeMmHg;
}
}  // namespace

std::string_view to_string(FaultKind k) {
  switch (k) {
    case FaultKind::small_leak: return "small_leak";
    case FaultKind::large_leak: return "large_leak";
    case FaultKind::kinked_hose: return "kinked_hose";
    case FaultKind::inflate_valve_stuck_open: return "inflate_valve_stuck_open";
    case FaultKind::inflate_valve_stuck_closed: return "inflate_valve_stuck_closed";
    case FaultKind::deflate_valve_stuck_open: return "deflate_valve_stuck_open";
    case FaultKind::deflate_valve_stuck_closed: return "deflate_valve_stuck_closed";
    case FaultKind::pump_dead: return "pump_dead";
    case FaultKind::pump_runaway: return "pump_runaway";
    case FaultKind::sensor_stuck: return "sensor_stuck";
    case FaultKind::sensor_drift: return "sensor_drift";
    case FaultKind::sensor_spikes: return "sensor_spikes";
    case FaultKind::sensor_disconnected: return "sensor_disconnected";
    case FaultKind::line_sensor_stuck: return "line_sensor_stuck";
    case FaultKind::line_sensor_drift: return "line_sensor_drift";
    case FaultKind::line_sensor_spikes: return "line_sensor_spikes";
    case FaultKind::line_sensor_disconnected: return "line_sensor_disconnected";
    case FaultKind::power_loss: return "power_loss";
    case FaultKind::cuff_slip: return "cuff_slip";
    case FaultKind::cuff_off: return "cuff_off";
  }
  return "?";
}

std::optional<FaultKind> fault_from_string(std::string_view s) {
  for (auto k : kAllFaultKinds)
    if (to_string(k) == s) return k;
  return std::nullopt;
}

double default_severity(FaultKind k) {
  switch (k) {
    case FaultKind::small_leak: return 0.25;   // mm: a pinhole, loses a few mmHg per second
    case FaultKind::large_leak: return 1.0;    // mm: a split connector
    case FaultKind::kinked_hose: return 200.0; // x laminar resistance: a hard kink
    case FaultKind::sensor_drift:
    case FaultKind::line_sensor_drift: return 2.0;  // mmHg/s
    case FaultKind::sensor_spikes:
    case FaultKind::line_sensor_spikes: return 5.0; // spikes/s
    case FaultKind::cuff_slip: return 0.3;     // share of transmission lost
    default: return 1.0;
  }
}

ActiveFaults faults_at(std::span<const FaultSpec> faults, units::Instant t) {
  ActiveFaults a;
  double leak_area = 0.0;  // mm^2-ish: sum of squared diameters
  for (const auto& f : faults) {
    if (t < f.at || (f.until && t >= *f.until)) continue;
    const double s = f.severity > 0.0 ? f.severity : default_severity(f.kind);
    const double elapsed = (t - f.at).seconds();
    switch (f.kind) {
      case FaultKind::small_leak:
      case FaultKind::large_leak: leak_area += s * s; break;
      case FaultKind::kinked_hose: a.pneumatic.hose_resistance_factor *= s; break;
      case FaultKind::inflate_valve_stuck_open: a.pneumatic.inflate_valve_stuck = +1; break;
      case FaultKind::inflate_valve_stuck_closed: a.pneumatic.inflate_valve_stuck = -1; break;
      case FaultKind::deflate_valve_stuck_open: a.pneumatic.deflate_valve_stuck = +1; break;
      case FaultKind::deflate_valve_stuck_closed: a.pneumatic.deflate_valve_stuck = -1; break;
      case FaultKind::pump_dead: a.pneumatic.pump_dead = true; break;
      case FaultKind::pump_runaway: a.pneumatic.pump_runaway = true; break;
      case FaultKind::sensor_stuck: a.sensor.stuck = true; break;
      case FaultKind::sensor_drift: a.sensor.drift_mmHg += s * elapsed; break;
      case FaultKind::sensor_spikes: add_spikes(a.sensor, s); break;
      case FaultKind::sensor_disconnected: a.sensor.disconnected = true; break;
      case FaultKind::line_sensor_stuck: a.line_sensor.stuck = true; break;
      case FaultKind::line_sensor_drift: a.line_sensor.drift_mmHg += s * elapsed; break;
      case FaultKind::line_sensor_spikes: add_spikes(a.line_sensor, s); break;
      case FaultKind::line_sensor_disconnected: a.line_sensor.disconnected = true; break;
      case FaultKind::power_loss: a.pneumatic.power_lost = true; break;
      case FaultKind::cuff_slip: {
        const double progress = std::min(elapsed / kSlipDurationS, 1.0);
        a.transmission_scale *= 1.0 - std::clamp(s, 0.0, 0.9) * progress;
        a.fit_loss_mL += kSlipFitLossMl * progress;
        break;
      }
      case FaultKind::cuff_off:
        a.pneumatic.cuff_off = true;
        a.transmission_scale = 0.0;
        break;
    }
  }
  if (leak_area > 0.0) a.pneumatic.cuff_leak = units::mm(std::sqrt(leak_area));
  return a;
}

}  // namespace bfr::sim

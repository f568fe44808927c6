#pragma once
// Faults injected into the plant at chosen times: what can go wrong with a real cuff system.

#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "sim/pneumatics.hpp"
#include "sim/sensors.hpp"
#include "units/units.hpp"

namespace bfr::sim {

enum class FaultKind {
  small_leak,
  large_leak,
  kinked_hose,
  inflate_valve_stuck_open,
  inflate_valve_stuck_closed,
  deflate_valve_stuck_open,
  deflate_valve_stuck_closed,
  pump_dead,
  pump_runaway,
  sensor_stuck,
  sensor_drift,
  sensor_spikes,
  sensor_disconnected,
  power_loss,
  cuff_slip,
  cuff_off,
  line_sensor_stuck,  // the four sensor faults again, on the cuff-line sensor
  line_sensor_drift,
  line_sensor_spikes,
  line_sensor_disconnected,
};

inline constexpr FaultKind kAllFaultKinds[] = {
    FaultKind::small_leak,          FaultKind::large_leak,
    FaultKind::kinked_hose,         FaultKind::inflate_valve_stuck_open,
    FaultKind::inflate_valve_stuck_closed, FaultKind::deflate_valve_stuck_open,
    FaultKind::deflate_valve_stuck_closed, FaultKind::pump_dead,
    FaultKind::pump_runaway,        FaultKind::sensor_stuck,
    FaultKind::sensor_drift,        FaultKind::sensor_spikes,
    FaultKind::sensor_disconnected, FaultKind::power_loss,
    FaultKind::cuff_slip,           FaultKind::cuff_off,
    FaultKind::line_sensor_stuck,   FaultKind::line_sensor_drift,
    FaultKind::line_sensor_spikes,  FaultKind::line_sensor_disconnected,
};

std::string_view to_string(FaultKind k);
std::optional<FaultKind> fault_from_string(std::string_view s);

// One injected fault. `severity` is in the fault's natural unit and 0 means its default:
// leak hole diameter (mm), hose resistance multiple, drift rate (mmHg/s), spike rate (Hz),
// share of transmission lost by a slipping cuff.
struct FaultSpec {
  FaultKind kind = FaultKind::small_leak;
  units::Instant at = units::at_seconds(0.0);
  std::optional<units::Instant> until;  // cleared at this time; absent: lasts to the end
  double severity = 0.0;
};

double default_severity(FaultKind k);

struct ActiveFaults {
  PneumaticFaults pneumatic{};
  SensorFaults sensor{};       // the main pressure sensor, on the device's manifold
  SensorFaults line_sensor{};  // the cuff-line sensor, on the cuff's own sensing lumen
  double transmission_scale = 1.0;
  double fit_loss_mL = 0.0;
};

// Everything in force at time t. Faults compose: two leaks add their areas.
ActiveFaults faults_at(std::span<const FaultSpec> faults, units::Instant t);

}  // namespace bfr::sim

#pragma once
// Which of the supervisor's fault IDs name an injected fault correctly: its own kind, or a kind
// docs/safety.md ("How each fault may be reported") lists as its equivalent because the supervisor
// cannot tell them apart from pressure and air alone. bench faults counts a fault as detected
// only when it is reported as one of these (issue 12); any other fault is a misclassification.

#include <vector>
#include <string_view>

#include "core/faults.hpp"
#include "sim/faults.hpp"

namespace bfr::rig {

inline std::vector<core::FaultId> accepted_fault_ids(sim::FaultKind kind) {
  using core::FaultId;
  switch (kind) {
    // Air escapes: more goes in than stays, or the pressure cannot be held or reached.
    case sim::FaultKind::small_leak:
    case sim::FaultKind::large_leak:
    case sim::FaultKind::deflate_valve_stuck_open:
    case sim::FaultKind::inflate_valve_stuck_open:  // air leaks back through the stopped pump
    case sim::FaultKind::cuff_off:
      return {FaultId::leak, FaultId::under_pressure, FaultId::cannot_inflate};
    // No air goes in although the pump is asked: the same signs as a leak from the air balance.
    case sim::FaultKind::pump_dead:
    case sim::FaultKind::inflate_valve_stuck_closed:
      return {FaultId::cannot_inflate, FaultId::leak, FaultId::under_pressure};
    case sim::FaultKind::kinked_hose:
      return {FaultId::hose_blocked, FaultId::sensor_disagreement, FaultId::vent_blocked, FaultId::cannot_inflate};
    case sim::FaultKind::deflate_valve_stuck_closed:
      return {FaultId::vent_blocked, FaultId::air_unaccounted, FaultId::deflation_failed};
    case sim::FaultKind::pump_runaway:
      return {FaultId::air_unaccounted, FaultId::over_pressure, FaultId::above_lop, FaultId::hose_blocked};
    case sim::FaultKind::sensor_stuck:
      return {FaultId::sensor_stuck, FaultId::sensor_disagreement};
    case sim::FaultKind::sensor_drift:
      return {FaultId::air_unaccounted, FaultId::sensor_disagreement, FaultId::sensor_offset};
    case sim::FaultKind::sensor_spikes:
      return {FaultId::sensor_spikes, FaultId::sensor_disagreement};
    case sim::FaultKind::sensor_disconnected:
      return {FaultId::sensor_out_of_range, FaultId::sensor_stale, FaultId::sensor_disagreement};
    // The cuff-line sensor is checked like the main one (the same plausibility rules) and
    // against it. Only its report names which sensor; the fault IDs are shared.
    case sim::FaultKind::line_sensor_stuck:
      return {FaultId::sensor_stuck, FaultId::sensor_disagreement};
    case sim::FaultKind::line_sensor_drift:
      return {FaultId::sensor_disagreement};
    case sim::FaultKind::line_sensor_spikes:
      return {FaultId::sensor_spikes, FaultId::sensor_disagreement};
    case sim::FaultKind::line_sensor_disconnected:
      return {FaultId::sensor_out_of_range, FaultId::sensor_stale, FaultId::sensor_disagreement};
    // A slipping cuff loosens (air balance) or its LOP rises under it.
    case sim::FaultKind::cuff_slip:
      return {FaultId::leak, FaultId::under_pressure, FaultId::above_lop};
    // The device is dead: nothing can be reported until power returns (the dump valve empties the
    // cuff by itself).
    case sim::FaultKind::power_loss:
      return {};
  }
  return {};
}

inline bool classified_as(sim::FaultKind kind, std::string_view reported) {
  for (const auto id : accepted_fault_ids(kind))
    if (reported == core::to_string(id)) return true;
  return false;
}

}  // namespace bfr::rig

#pragma once
// What the device reports about itself every step (telemetry).

#include <optional>

#include "core/faults.hpp"
#include "core/lop_search.hpp"
#include "core/phases.hpp"
#include "units/units.hpp"

namespace bfr::core {

struct Status {
  PhaseId phase = PhaseId::idle;
  std::optional<units::Pressure> pressure;  // filtered cuff pressure
  std::optional<units::Pressure> setpoint;  // empty: no restriction wanted
  std::optional<units::Pressure> lop;
  std::optional<LopResult> last_lop;        // the last automatic measurement, success or failure
  units::Percent target = units::percent(0.0);
  units::Duration restriction{};            // cumulative time inflated this session
  bool off_target_alarm = false;            // more than 15 mmHg off target for 1 s
  DeflateReason deflate_reason = DeflateReason::none;
  FaultId fault = FaultId::none;            // the latched fault, if any
  int sets_started = 0;
  std::optional<units::Pressure> lop_pulse;  // while measuring LOP: the search's latest cuff pulse
};

}  // namespace bfr::core

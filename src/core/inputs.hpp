#pragma once
// What reaches the controller in one step: new sensor samples (each sensor reports at its own
// rate, so a step may carry none) and at most one command from the host.

#include <optional>
#include <variant>

#include "units/units.hpp"

namespace bfr::core {

namespace command {
struct None {};
struct MeasureLop {};                       // measure LOP with this cuff on this limb, then deflate
struct SetLop { units::Pressure lop; };     // use an LOP measured elsewhere (e.g. Doppler)
struct SetTarget { units::Percent of_lop; };// prescribed restriction, % of LOP
// Inflate to the target and hold (resting). A planned continuous hold (aerobic BFR: walking,
// cycling) raises the restriction limit for this inflation (limits::restriction_limit); zero for
// sets and rests.
struct Start { units::Duration planned_hold{}; };
struct StartSet {};                         // a set of repetitions begins (cuff stays on)
struct Rest {};                             // the set ended; rest with the cuff on
struct Pause {};                            // deflate, keep the session
struct Resume {};                           // re-inflate after a pause
struct Stop {};                             // end the session: deflate
struct Acknowledge {};                      // the operator has seen a fault; allowed once deflated
}  // namespace command

using HostCommand =
    std::variant<command::None, command::MeasureLop, command::SetLop, command::SetTarget, command::Start,
                 command::StartSet, command::Rest, command::Pause, command::Resume, command::Stop, command::Acknowledge>;

struct Inputs {
  std::optional<units::Pressure> cuff_pressure;  // a new sample of the main sensor this step
  std::optional<units::Pressure> cuff_line_pressure;  // a new sample of the cuff-line sensor, if fitted
  std::optional<float> distal_pulse;             // a new pulse-sensor sample (relative units)
  HostCommand command = command::None{};
  bool host_heartbeat = false;                   // the host said it is alive this step
};

}  // namespace bfr::core

#pragma once
// The supervisor's policy, after PX4's failsafe framework: the supervisor first computes one
// boolean signal per rule ("this condition holds now"), then this table says which fault each
// rule trips and how long its condition must hold first. One line per rule, in the order they are
// checked (when two faults trip in the same step the higher-ranked one is reported, faults.hpp).
// The reasoning behind each condition and number is beside its constant in supervisor.cpp, and in
// docs/safety.md.

#include <array>
#include <cstddef>
#include <cstdint>

#include "core/faults.hpp"
#include "units/units.hpp"

namespace bfr::core {

enum class Rule : std::uint8_t {
  sensor_jumps,          // three jumps no cuff can make within 2 s, valves still
  sensors_apart,         // main and cuff-line sensors 15 mmHg apart with the valves shut
  sensors_swing_apart,   // their difference swings (a kinked hose) for 2 s while regulating
  sensor_at_rail,        // three readings at a rail of the transducer
  sensor_frozen,         // 250 identical readings
  sensor_silent,         // no reading for 50 ms
  over_cap,              // two readings above the hard cap
  above_lop,             // above LOP + margin while restricting
  far_under_setpoint,    // 30 mmHg under the setpoint while regulating
  pump_without_rise,     // full pump with the cuff under 30 mmHg
  inflation_too_long,    // inflating (tripped when it lasts past the deadline)
  vent_without_fall,     // vent open and 10 mmHg over the setpoint
  full_after_dump,       // dump valve open and the cuff still above 5 mmHg
  zero_not_zero,         // open to air and far from zero
  host_quiet,            // no heartbeat for twice the controller's limit during a session
  restriction_backstop,  // cumulative restriction over the backstop
  uncommanded_rise,      // climbing fast with the pump (nearly) off, outside a set
  hose_burst,            // the pump makes the reading shoot up: only the device side is seen
  air_lost,              // air balance: more air in than stays in
  air_gained,            // air balance: pressure gained with no air to account for it
  count
};
inline constexpr std::size_t kRuleCount = static_cast<std::size_t>(Rule::count);

struct PolicyLine {
  Rule rule;
  FaultId fault;
  units::Duration hold;  // how long the condition must hold continuously; zero trips at once
};

inline constexpr std::array<PolicyLine, kRuleCount> kPolicy{{
    {Rule::sensor_jumps, FaultId::sensor_spikes, units::seconds(0.0)},
    {Rule::sensors_apart, FaultId::sensor_disagreement, units::milliseconds(500.0)},
    {Rule::sensors_swing_apart, FaultId::sensor_disagreement, units::seconds(0.0)},
    {Rule::sensor_at_rail, FaultId::sensor_out_of_range, units::seconds(0.0)},
    {Rule::sensor_frozen, FaultId::sensor_stuck, units::seconds(0.0)},
    {Rule::sensor_silent, FaultId::sensor_stale, units::seconds(0.0)},
    {Rule::over_cap, FaultId::over_pressure, units::seconds(0.0)},
    {Rule::above_lop, FaultId::above_lop, units::milliseconds(500.0)},
    {Rule::far_under_setpoint, FaultId::under_pressure, units::seconds(5.0)},
    {Rule::pump_without_rise, FaultId::cannot_inflate, units::seconds(20.0)},
    // The largest cuff (18 cm on a big thigh) reaches 80 % of a 300 mmHg LOP in about 15 s with the
    // pump; still inflating after 30 s means air is escaping as fast as it comes.
    {Rule::inflation_too_long, FaultId::cannot_inflate, units::seconds(30.0)},
    {Rule::vent_without_fall, FaultId::vent_blocked, units::seconds(2.0)},
    {Rule::full_after_dump, FaultId::deflation_failed, units::seconds(2.0)},
    {Rule::zero_not_zero, FaultId::sensor_offset, units::seconds(1.0)},
    {Rule::host_quiet, FaultId::host_silent, units::seconds(0.0)},
    {Rule::restriction_backstop, FaultId::restriction_time, units::seconds(0.0)},
    {Rule::uncommanded_rise, FaultId::air_unaccounted, units::seconds(1.0)},
    {Rule::hose_burst, FaultId::hose_blocked, units::seconds(0.0)},
    {Rule::air_lost, FaultId::leak, units::seconds(0.0)},
    {Rule::air_gained, FaultId::air_unaccounted, units::seconds(0.0)},
}};

// Each line's rule is its own index, so a signal array and the table line up.
constexpr bool policy_in_rule_order() {
  for (std::size_t i = 0; i < kPolicy.size(); ++i)
    if (static_cast<std::size_t>(kPolicy[i].rule) != i) return false;
  return true;
}
static_assert(policy_in_rule_order(), "kPolicy must list every rule once, in Rule order");

using Signals = std::array<bool, kRuleCount>;

}  // namespace bfr::core

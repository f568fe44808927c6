#pragma once
// One pump for two cuffs (issue 14's cheaper unit): the pump's outlet meets both channels'
// inflate valves. The pump serves one channel at a time, so that each channel's air balance stays
// its own (its supervisor counts air in only while its valve is open) and a fuller cuff never
// empties into the other through two open valves. Time is cut into slots; while both channels
// want air, each slot goes to the one owed most of its share, and the pump runs at the sum of
// their duties (at most full), so each channel receives about the air its own duty asked for
// until the pump is flat out, and then both get their share of all it has.

#include <array>
#include <cstddef>

#include "core/actuators.hpp"
#include "units/units.hpp"

namespace bfr::core {

// Miniature 2/2 solenoid valves of the blood-pressure-monitor class open or close in 5-10 ms
// (a datasheet class figure; no named part is in our reference yet): a 20 ms slot keeps each
// opening at least twice the switching time, and the valves switch at most 25 times a second.
inline constexpr units::Duration kPumpSlot = units::milliseconds(20.0);

class PumpShare {
 public:
  // What each channel's command becomes on the shared hardware: every channel's pump duty is the
  // one pump's (so a supervisor models the motor it really has), and at most one inflate valve is
  // open. Vent and dump valves pass unchanged.
  std::array<Actuators, 2> share(units::Instant now, const std::array<Actuators, 2>& wanted);

 private:
  std::array<float, 2> owed_{};  // each channel's share not yet served, in slots
  std::size_t holder_ = 0;       // whose valve is open in this slot
  units::Instant slot_end_{};
  bool both_wanted_ = false;
};

}  // namespace bfr::core

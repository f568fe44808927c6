#pragma once
// What the controller asks of the pump and valves. Value-initialised it is the safe state: pump
// off, inflate valve shut, vent shut, dump valve unpowered (it is normally open, so the cuff
// empties). Only this state needs no decision to be safe.

namespace bfr::core {

struct Actuators {
  float pump_duty = 0.0F;           // 0..1
  bool inflate_valve_open = false;
  float vent_opening = 0.0F;        // 0..1, proportional vent valve
  bool dump_valve_powered = false;  // powered = closed = holding pressure

  // Every path that lets air out open, nothing that lets air in: the command that empties the cuff.
  static constexpr Actuators deflate() { return Actuators{0.0F, false, 1.0F, false}; }
  // Nothing moves: the cuff keeps the air it has.
  static constexpr Actuators seal() { return Actuators{0.0F, false, 0.0F, true}; }
};

// True when `b` lets in no more air and keeps in no more air than `a` does. The supervisor's
// output is always safer_or_equal to the controller's.
constexpr bool safer_or_equal(const Actuators& b, const Actuators& a) {
  return b.pump_duty <= a.pump_duty && (!b.inflate_valve_open || a.inflate_valve_open) &&
         b.vent_opening >= a.vent_opening && (!b.dump_valve_powered || a.dump_valve_powered);
}

}  // namespace bfr::core

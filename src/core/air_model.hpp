#pragma once
// The controller's own model of its pump and vent, from the same datasheet figures the hardware
// was chosen by (docs/simulator.md, "The device"). The supervisor uses it to keep an air balance:
// air pumped in minus air vented should match what the pressure says the cuff holds.

#include <algorithm>
#include <cmath>

namespace bfr::core::air_model {

// Diaphragm pump: 3.5 L/min free flow (58.3 mL/s), 600 mmHg stall, linear in between.
inline constexpr float kPumpFreeFlowMlPerS = 58.3F;
inline constexpr float kPumpStallMmHg = 600.0F;
// The motor reaches a new speed with a 30 ms time constant (docs/simulator.md, the pump's spin-up):
// a regulator that pulses the pump gets less air than its duty says, so the model follows it.
inline constexpr float kPumpSpinUpS = 0.03F;
// Vent: 1.2 mm seat, discharge coefficient 0.61, ISO 6358 flow with critical ratio 0.528.
// Choked standard flow per mmHg absolute upstream: 0.2614 mL/s per mm^2 (isentropic nozzle, air
// at 20 C) x 0.61 x 1.131 mm^2.
inline constexpr float kVentChokedPerMmHgAbs = 0.2614F * 0.61F * 1.131F;
inline constexpr float kAtmosphereMmHg = 760.0F;

// Part spread the air balance must tolerate: the device's pump and vent are not the nominal ones.
// Pump: no named part's datasheet is in our reference yet (docs/simulator.md); the benches run a
// pump of 70 % of the nominal flow as the worn or weaker part (issue 12). The two tests lean in
// opposite directions on purpose: "air lost" (a leak, which lowers the restriction) allows the
// weakest pump, while "air gained" (a runaway pump or a vent stuck shut, which raise it) assumes
// the pump no stronger than nominal, the sensitive side: a stronger pump could then trip it
// falsely, which deflates the cuff. Vent: datasheets quote effective areas of 0.6-0.7 of the
// geometric one (sim/orifice.hpp), around the 0.61 the model uses.
inline constexpr float kPumpFlowLowShare = 0.7F;
inline constexpr float kPumpFlowHighShare = 1.0F;
inline constexpr float kVentFlowLowShare = 0.60F / 0.61F;
inline constexpr float kVentFlowHighShare = 0.70F / 0.61F;

// `speed` is the motor's speed as a share of full (the duty, lagged by the spin-up).
inline float pump_flow(float speed, float p_mmHg) {
  return kPumpFreeFlowMlPerS * std::clamp(speed, 0.0F, 1.0F) * std::max(0.0F, 1.0F - p_mmHg / kPumpStallMmHg);
}

// One step of the motor's speed towards the commanded duty.
inline float pump_speed_after(float speed, float duty, float dt_s) {
  return speed + (std::clamp(duty, 0.0F, 1.0F) - speed) * std::min(dt_s / kPumpSpinUpS, 1.0F);
}

inline float vent_flow(float opening, float p_mmHg) {
  if (opening <= 0.0F || p_mmHg <= 0.0F) return 0.0F;
  const float up = p_mmHg + kAtmosphereMmHg;
  const float ratio = kAtmosphereMmHg / up;
  const float choked = kVentChokedPerMmHgAbs * std::min(opening, 1.0F) * up;
  if (ratio <= 0.528F) return choked;
  const float x = (ratio - 0.528F) / (1.0F - 0.528F);
  return choked * std::sqrt(1.0F - x * x);
}

}  // namespace bfr::core::air_model

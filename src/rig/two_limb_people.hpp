#pragma once
// Two thighs of one person for the two-cuff benches (issue 14): the left as drawn, the right
// differing as legs do. ASSUMED, not from our reference (which has no between-leg spread): thigh
// girth within +-8 % of the other side (more after an injury), each tissue response within
// +-10 %, and the leg's share of systolic pressure within +-0.02.

#include <array>
#include <cstdint>

#include "sim/plant_spec.hpp"
#include "sim/random.hpp"

namespace bfr::rig {

inline constexpr double kLegGirthSpread = 0.08;
inline constexpr double kLegTissueSpread = 0.10;
inline constexpr double kLegSystolicRatioSpread = 0.02;

// The right leg of the same person.
inline sim::Person other_leg(sim::Person p, sim::Random& rng) {
  p.thigh_circumference = p.thigh_circumference * rng.uniform(1.0 - kLegGirthSpread, 1.0 + kLegGirthSpread);
  p.tissue.bulge *= rng.uniform(1.0 - kLegTissueSpread, 1.0 + kLegTissueSpread);
  p.tissue.intramuscular *= rng.uniform(1.0 - kLegTissueSpread, 1.0 + kLegTissueSpread);
  p.tissue.creep *= rng.uniform(1.0 - kLegTissueSpread, 1.0 + kLegTissueSpread);
  p.leg_systolic_ratio += rng.uniform(-kLegSystolicRatioSpread, kLegSystolicRatioSpread);
  return p;
}

// An 11.5 cm thigh cuff, seated, on a device whose sensors are drawn within their tolerances.
inline sim::PlantSpec cuffed_thigh(const sim::Person& p, std::uint64_t seed) {
  sim::PlantSpec s;
  s.person = p;
  s.limb = sim::LimbKind::thigh;
  s.cuff.width = units::cm(11.5);
  s.posture = sim::Posture::seated;
  s.parts = sim::Parts::drawn;
  s.seed = seed;
  return s;
}

}  // namespace bfr::rig

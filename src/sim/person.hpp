#pragma once
// A virtual person: the attributes that set their limb occlusion pressure and pulse.

#include <string_view>

#include "sim/heart.hpp"
#include "units/units.hpp"

namespace bfr::sim {

enum class Sex { male, female };
std::string_view to_string(Sex s);
std::string_view to_string(Rhythm r);

// How one person's muscle and tissue behave under a cuff, as multiples of the typical person's
// (the constants in limb.cpp). People differ: sealed cuffs through the same leg press peaked at
// 79 +- 9 and fell to 58 +- 7 % LOP between people (Swain et al. 2025, published-data.md section 3),
// far more than blood pressure and limb size alone spread them.
struct TissueResponse {
  double bulge = 1.0;          // how much the contracting muscle thickens under the cuff
  double intramuscular = 1.0;  // the muscle's own pressure in a contraction
  double creep = 1.0;          // how much interstitial fluid the cuff squeezes out
};

struct Person {
  Sex sex = Sex::male;
  double age_years = 30.0;
  units::Length height = units::cm(175.0);
  CirculationSpec circulation{};
  units::Length arm_circumference = units::cm(32.0);
  units::Length thigh_circumference = units::cm(55.0);
  // Systolic pressure at the proximal thigh relative to the brachial artery (pulse-pressure
  // amplification towards the leg). The normal ankle-brachial index spans 1.0-1.4 (Rooke et al.,
  // Circulation 2011;124:2020); at the thigh it is about 1.08 on average, SD about 0.06 (approx.).
  double leg_systolic_ratio = 1.08;
  TissueResponse tissue{};
};

}  // namespace bfr::sim

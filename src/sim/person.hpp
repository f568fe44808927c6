#pragma once
// A virtual person: the attributes that set their limb occlusion pressure and pulse.

#include <string_view>

#include "sim/heart.hpp"
#include "units/units.hpp"

namespace bfr::sim {

enum class Sex { male, female };
std::string_view to_string(Sex s);
std::string_view to_string(Rhythm r);

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
};

}  // namespace bfr::sim

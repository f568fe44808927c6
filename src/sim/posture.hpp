#pragma once
// Body posture and the hydrostatic column between the heart and the cuffed limb.

#include <optional>
#include <string_view>

#include "units/units.hpp"

namespace bfr::sim {

enum class Posture { supine, seated, standing, limb_raised };
enum class LimbKind { arm, thigh };

std::string_view to_string(Posture p);
std::string_view to_string(LimbKind l);
std::optional<Posture> posture_from_string(std::string_view s);
std::optional<LimbKind> limb_from_string(std::string_view s);

// Height of the heart above the artery under the cuff (negative when the cuff is above the
// heart), from segment proportions of stature.
units::Length heart_above_cuff(Posture posture, LimbKind limb, units::Length stature);

// The pressure the column of blood adds at the cuff: rho * g * h (published-data.md section 2).
units::Pressure hydrostatic_offset(Posture posture, LimbKind limb, units::Length stature);

}  // namespace bfr::sim

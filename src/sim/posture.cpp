#include "sim/posture.hpp"

#include "sim/physical_constants.hpp"

namespace bfr::sim {

namespace {
// Heights as fractions of stature, after Drillis & Contini, "Body segment parameters", New York
// University report 1166-03, 1966 (the proportions in Winter, Biomechanics and Motor Control of
// Human Movement, fig. 4.1): heart (4th intercostal space) at about 0.71 H when standing; the
// centre of a proximal-thigh cuff sits a few cm below the crotch (0.45 H), at about 0.41 H. The
// column is 0.30 H standing.
constexpr double kStandingThighColumn = 0.30;
// Seated upright on a chair: sitting height 0.52 H, heart 0.29 H below the vertex, so 0.23 H
// above the seat; the femoral artery runs in the front of the thigh, about 0.08 H above the seat.
constexpr double kSeatedThighColumn = 0.15;
// Supine with the leg raised on a 45 degree wedge: the cuff about 0.05 H above the heart.
constexpr double kRaisedThighColumn = -0.05;
// An upper-arm cuff with the arm by the side is at heart level, the reference position for
// blood-pressure measurement (AHA, Muntner et al., Hypertension 2019;73:e35).
constexpr double kArmBySideColumn = 0.0;
// Arm raised overhead: the upper-arm cuff about 0.25 H above the heart.
constexpr double kRaisedArmColumn = -0.25;
}  // namespace

std::string_view to_string(Posture p) {
  switch (p) {
    case Posture::supine: return "supine";
    case Posture::seated: return "seated";
    case Posture::standing: return "standing";
    case Posture::limb_raised: return "limb_raised";
  }
  return "?";
}

std::string_view to_string(LimbKind l) { return l == LimbKind::arm ? "arm" : "thigh"; }

std::optional<Posture> posture_from_string(std::string_view s) {
  for (auto p : {Posture::supine, Posture::seated, Posture::standing, Posture::limb_raised})
    if (to_string(p) == s) return p;
  return std::nullopt;
}

std::optional<LimbKind> limb_from_string(std::string_view s) {
  if (s == "arm") return LimbKind::arm;
  if (s == "thigh") return LimbKind::thigh;
  return std::nullopt;
}

units::Length heart_above_cuff(Posture posture, LimbKind limb, units::Length stature) {
  double column = 0.0;
  switch (posture) {
    case Posture::supine: column = 0.0; break;
    case Posture::seated: column = limb == LimbKind::thigh ? kSeatedThighColumn : kArmBySideColumn; break;
    case Posture::standing: column = limb == LimbKind::thigh ? kStandingThighColumn : kArmBySideColumn; break;
    case Posture::limb_raised: column = limb == LimbKind::thigh ? kRaisedThighColumn : kRaisedArmColumn; break;
  }
  return stature * column;
}

units::Pressure hydrostatic_offset(Posture posture, LimbKind limb, units::Length stature) {
  return physics::kHydrostaticPerCm * heart_above_cuff(posture, limb, stature).cm();
}

}  // namespace bfr::sim

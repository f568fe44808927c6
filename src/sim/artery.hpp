#pragma once
// The artery under the cuff and the tissue around it, as pure functions.

#include "sim/posture.hpp"
#include "units/units.hpp"

namespace bfr::sim {

// Babbs, BioMedical Engineering OnLine 2012;11:56 (published-data.md section 6): volume of the
// arterial segment under a cuff against transmural pressure Pt = p_artery - p_tissue.
//   Pt <  0: Va = Va0 exp(a Pt)                     (collapsing)
//   Pt >= 0: Va = Va0 (1 + (a/b)(1 - exp(-b Pt)))   (distending, stiffening)
inline constexpr double kBabbsCollapse = 0.11;     // a, 1/mmHg
inline constexpr double kBabbsDistension = 0.03;   // b, 1/mmHg
// Va0 of the brachial segment under a standard 12 cm arm cuff.
inline constexpr double kBabbsArmSegmentMl = 0.45;
inline constexpr double kBabbsReferenceCuffWidthCm = 12.0;

double babbs_artery_volume_mL(double va0_mL, double transmural_mmHg);

// Fraction of the cuff's pressure that reaches the main artery of the limb. Pressure under a
// band of width w decays with depth on a scale set by the width (the tissue padding of Tuncali
// et al., Anesth Analg 2006;102:1752), and the artery lies deeper in a larger limb:
//   k = 1 - exp(-w / (lambda * (C - C0)))
// with C the limb circumference and C0 the part of it that does not add depth (bone, the
// artery's own bed). Constants per limb are in limb.cpp with their sources.
struct TissueTransmission {
  double depth_scale;              // lambda
  units::Length core_circumference;  // C0
};
double tissue_transmission(const TissueTransmission& t, units::Length cuff_width,
                           units::Length limb_circumference);

}  // namespace bfr::sim

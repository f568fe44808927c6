#include "sim/artery.hpp"

#include <algorithm>
#include <cmath>

namespace bfr::sim {

double babbs_artery_volume_mL(double va0, double pt) {
  if (pt < 0.0) return va0 * std::exp(kBabbsCollapse * pt);
  return va0 * (1.0 + (kBabbsCollapse / kBabbsDistension) * (1.0 - std::exp(-kBabbsDistension * pt)));
}

double tissue_transmission(const TissueTransmission& t, units::Length width, units::Length circumference) {
  // Below 2 cm of padding the formula would say a cuff presses harder on the artery than on the
  // skin; no limb is that thin.
  constexpr double kMinimumPaddingCm = 2.0;
  const double padding = std::max(circumference.cm() - t.core_circumference.cm(), kMinimumPaddingCm);
  return 1.0 - std::exp(-width.cm() / (t.depth_scale * padding));
}

}  // namespace bfr::sim

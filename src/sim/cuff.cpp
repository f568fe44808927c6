#include "sim/cuff.hpp"

#include <algorithm>
#include <cmath>

#include "sim/physical_constants.hpp"

namespace bfr::sim {

namespace {
// The bladder is about as long as the limb is round and 1.5 cm narrower than the cuff (seams);
// inflated it is about 6 mm thick. A 12 cm cuff on a 30 cm arm so holds about 190 mL, the
// "cuff air about 200 mL" of Babbs 2012 (published-data.md section 6).
constexpr double kSeamAllowanceCm = 1.5;
constexpr double kInflatedThicknessCm = 0.6;
constexpr double kMinimumBladderWidthCm = 2.0;
// A snug, unpressurised cuff still holds a tenth of its full volume.
constexpr double kResidualFraction = 0.10;
// Pressure scale over which a slack bladder fills (it is taut at about 3x this: 25 mmHg).
constexpr double kFillPressureMmHg = 8.0;
// Stretch of the outer shell and bladder wall once taut: 1 % of volume per 100 mmHg. Small
// against the gas (about 12 % per 100 mmHg), as Babbs' rigid-cuff model requires.
constexpr double kWallStretchPerMmHg = 1.0e-4;
constexpr double kAtm = physics::kAtmosphere.mmHg();
}  // namespace

Cuff::Cuff(CuffSpec spec, units::Length limb_circumference) : spec_(spec) {
  const double width = std::max(spec.width.cm() - kSeamAllowanceCm, kMinimumBladderWidthCm);
  full_mL_ = limb_circumference.cm() * width * kInflatedThicknessCm;
  residual_mL_ = kResidualFraction * full_mL_;
  wall_mL_per_mmHg_ = kWallStretchPerMmHg * full_mL_;
}

double Cuff::air_volume_mL(double p, double intrusion) const {
  const double fill = (full_mL_ - residual_mL_) * (1.0 - std::exp(-p / kFillPressureMmHg));
  return std::max(residual_mL_ + fill + wall_mL_per_mmHg_ * p - intrusion, 1.0);
}

double Cuff::air_for_pressure_std_mL(double p, double intrusion) const {
  return air_volume_mL(p, intrusion) * (kAtm + p) / kAtm;
}

double Cuff::compliance_std_mL_per_mmHg(double p, double intrusion) const {
  return air_and_compliance(p, intrusion).compliance;
}

Cuff::AirAndCompliance Cuff::air_and_compliance(double p, double intrusion) const {
  const double slack = std::exp(-p / kFillPressureMmHg);
  const double volume =
      std::max(residual_mL_ + (full_mL_ - residual_mL_) * (1.0 - slack) + wall_mL_per_mmHg_ * p - intrusion, 1.0);
  const double dv = (full_mL_ - residual_mL_) / kFillPressureMmHg * slack + wall_mL_per_mmHg_;
  return {volume * (kAtm + p) / kAtm, (volume + (kAtm + p) * dv) / kAtm};
}

double Cuff::solve_pressure_mmHg(double air, double intrusion, double guess) const {
  if (air <= air_for_pressure_std_mL(0.0, intrusion)) return 0.0;
  double p = std::max(guess, 0.0);
  // air(p) is increasing and convex-then-linear; Newton from the previous step's pressure
  // converges in one or two iterations at a 1 ms step.
  for (int i = 0; i < 8; ++i) {
    const auto [held, compliance] = air_and_compliance(p, intrusion);
    const double step = (held - air) / compliance;
    p = std::max(p - step, 0.0);
    if (std::abs(step) < 1.0e-6) break;
  }
  return p;
}

}  // namespace bfr::sim

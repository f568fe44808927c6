#pragma once
// The air in an inflatable cuff wrapped around a limb. The bladder lies between an inextensible
// outer shell and the limb: it fills with little pressure until it is taut, then holds a nearly
// fixed volume, so at working pressures the cuff's compliance is mostly that of the gas itself
// (V / p_abs). That is Babbs' oscillometric model (published-data.md section 6) and is why the
// pulse oscillation in the cuff scales as 1 / cuff air volume.

#include "units/units.hpp"

namespace bfr::sim {

struct CuffSpec {
  units::Length width = units::cm(11.5);
};

// Geometry and elastic constants of one cuff on one limb.
class Cuff {
 public:
  Cuff(CuffSpec spec, units::Length limb_circumference);

  [[nodiscard]] units::Length width() const { return spec_.width; }
  [[nodiscard]] units::Volume full_volume() const { return units::mL(full_mL_); }

  // Air volume inside the bladder at gauge pressure p when the limb pushes `intrusion` into it
  // (muscle bulge, artery volume, motion; negative when the limb draws away).
  [[nodiscard]] double air_volume_mL(double p_mmHg, double intrusion_mL) const;

  // The gauge pressure at which `air_std_mL` standard mL of air fill the cuff, by Newton's
  // method from `guess`; never below zero (a slack bladder holds air at atmospheric pressure).
  [[nodiscard]] double solve_pressure_mmHg(double air_std_mL, double intrusion_mL,
                                           double guess_mmHg) const;

  // Standard mL of air needed to hold gauge pressure p: the inverse of solve_pressure_mmHg.
  [[nodiscard]] double air_for_pressure_std_mL(double p_mmHg, double intrusion_mL) const;

  // d(air)/dp at p: the cuff's pneumatic compliance in standard mL per mmHg.
  [[nodiscard]] double compliance_std_mL_per_mmHg(double p_mmHg, double intrusion_mL) const;

 private:
  struct AirAndCompliance {
    double air_std_mL;
    double compliance;
  };
  [[nodiscard]] AirAndCompliance air_and_compliance(double p_mmHg, double intrusion_mL) const;

  CuffSpec spec_;
  double full_mL_;      // bladder volume once taut
  double residual_mL_;  // air left in a snugly applied, unpressurised bladder
  double wall_mL_per_mmHg_;
};

}  // namespace bfr::sim

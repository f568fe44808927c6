#pragma once
// The limb under and beyond the cuff: tissue transmission, the artery under the cuff (Babbs),
// arterial inflow and venous outflow through the compressed segment (Starling resistors), the
// distal venous pool, tissue creep, muscle swelling and intramuscular pressure in contractions,
// and motion. Ground truth (true LOP, flow fractions, tissue pressure) is read from here.

#include <optional>

#include "sim/artery.hpp"
#include "sim/heart.hpp"
#include "sim/person.hpp"
#include "sim/posture.hpp"
#include "sim/random.hpp"
#include "units/units.hpp"

namespace bfr::sim {

struct MotionSpec {
  units::Frequency rate = units::hertz(0.0);  // mean rate of jolts to the cuffed limb (Poisson)
  units::Volume amplitude = units::mL(0.0);   // SD of the volume each jolt pushes into the cuff
  units::Duration duration = units::seconds(0.3);
};

// Per-limb constants; values and sources in limb.cpp.
struct LimbPhysiology {
  TissueTransmission transmission;
  bool uses_leg_systolic_ratio;      // the thigh's systolic follows the person's leg/arm ratio
  double artery_volume_scale;        // Va0 relative to the brachial segment
  units::Flow resting_inflow;
  units::Pressure resting_venous;    // distal venous pressure at rest, at heart level
  double venous_compliance_mL_per_mmHg;
  double artery_exposure;            // share of intramuscular pressure that reaches the artery
  // Share of the limb's resting arterial resistance in the segment under the cuff (limb.cpp).
  double segment_resistance_share;
};
const LimbPhysiology& physiology_for(LimbKind limb);

struct LimbInputs {
  double cuff_mmHg = 0.0;         // true pressure in the cuff
  double brachial_mmHg = 0.0;     // from Heart
  double activation = 0.0;        // exercise, 0..1
  double load_fraction = 0.0;     // of 1RM
  double transmission_scale = 1.0;  // < 1 while the cuff slips
  double fit_loss_mL = 0.0;       // volume by which a slipping cuff has loosened
};

class Limb {
 public:
  Limb(LimbKind kind, units::Length circumference, units::Length cuff_width, const CirculationSpec& circulation,
       double leg_systolic_ratio, units::Pressure hydrostatic, Random rng, MotionSpec motion, TissueResponse tissue = {});

  void step(units::Duration dt, const LimbInputs& in);
  // As if the cuff had held this pressure for minutes: tissue creep at its equilibrium.
  void settle_at(units::Pressure cuff);

  // Volume the limb pushes into the bladder (artery + muscle swelling + jolts - creep - loosening).
  [[nodiscard]] units::Volume intrusion() const { return units::mL(intrusion_); }
  [[nodiscard]] units::Pressure tissue_pressure() const { return units::mmHg(tissue_); }
  [[nodiscard]] units::Pressure local_arterial_pressure() const { return units::mmHg(arterial_local_); }
  [[nodiscard]] units::Pressure distal_venous_pressure() const { return units::mmHg(venous_); }
  // Smoothed over about two beats, relative to the same limb without a cuff.
  [[nodiscard]] units::Percent arterial_inflow() const { return units::fraction(inflow_avg_); }
  [[nodiscard]] units::Percent venous_outflow() const { return units::fraction(outflow_avg_); }
  // Instantaneous inflow relative to the resting mean: what a distal pulse sensor follows.
  [[nodiscard]] double distal_flow_instant() const { return inflow_now_; }
  [[nodiscard]] bool moving() const { return motion_left_ > 0.0; }

  [[nodiscard]] double transmission() const { return transmission_; }
  // Lowest cuff pressure that keeps the artery shut through a nominal beat: tissue pressure at
  // the artery equal to the local systolic pressure. Emerges from blood pressure, pulse
  // amplification, posture and the cuff-on-limb transmission; it is not an input.
  // Empty when no cuff pressure can occlude (the cuff is off the limb).
  [[nodiscard]] std::optional<units::Pressure> true_lop(double transmission_scale = 1.0) const;
  [[nodiscard]] units::Pressure hydrostatic() const { return units::mmHg(hydrostatic_); }

 private:
  void step_motion(double dt);

  const LimbPhysiology* phys_;
  CirculationSpec circulation_;
  Random rng_;
  MotionSpec motion_;
  double transmission_;
  double amplification_;  // local pulse pressure / brachial pulse pressure
  double hydrostatic_;
  double va0_;
  double contact_area_cm2_;
  double g_arterial_;  // mL/s per mmHg
  double g_venous_;
  double venous_floor_;  // central venous pressure at the limb's height
  double q_reference_;
  double open_reference_;  // the segment's volume with no cuff, at mean arterial pressure
  double venous_;
  TissueResponse response_;  // this person's tissue against the typical person's
  double creep_ = 0.0;
  double intrusion_ = 0.0;
  double tissue_ = 0.0;
  double arterial_local_ = 0.0;
  double inflow_now_ = 1.0;
  double inflow_avg_ = 1.0;
  double outflow_avg_ = 1.0;
  bool restart_averages_ = false;
  double motion_left_ = 0.0;
  double motion_total_ = 0.0;
  double motion_peak_ = 0.0;
  double motion_volume_ = 0.0;
};

}  // namespace bfr::sim

#include "sim/limb.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace bfr::sim {

namespace {
// Thigh. Transmission fitted so that one population reproduces both cuff widths of Loenneke et
// al., Eur J Appl Physiol 2012;112:2903 (5 cm: 235 mmHg, 13.5 cm: 144 mmHg, same 116 people);
// the depth term makes narrow cuffs depend strongly on thigh size, as Wedig et al. 2025
// (doi 10.3389/fphys.2025.1658744) found. Local systolic pressure follows the person's
// leg/arm systolic ratio (person.hpp). Femoral artery about 8 mm across against the brachial
// 4 mm (Sandgren et al., J Vasc Surg 1999;29:503) (approx.): four times the segment volume.
// Resting leg blood flow about 0.35 L/min (Radegran, J Appl Physiol 1997;83:1383) (approx.).
const LimbPhysiology kThigh{
    .transmission = {.depth_scale = 0.224, .core_circumference = units::cm(25.0)},
    .uses_leg_systolic_ratio = true,
    .artery_volume_scale = 4.0,
    .resting_inflow = units::litres_per_minute(0.35),
    .resting_venous = units::mmHg(15.0),
    .venous_compliance_mL_per_mmHg = 5.0,
    .artery_exposure = 0.3,
    // Fitted: arterial inflow falls by 60 % at 111 +- 12 mmHg (popliteal; Hunt et al. 2016, below).
    .segment_resistance_share = 0.08,
};
// Arm. Transmission fitted to the upper-arm LOP with a 5 cm nylon cuff at rest, 139 +- 14 mmHg
// (J Physiol Sci, doi 10.1007/s12576-016-0457-0; published-data.md section 7), on young adults
// (`bfr sim calibrate`: 138 +- 21). A 12 cm cuff then occludes at about 1.02 x brachial systolic,
// as sphygmomanometry assumes. (Chosen before that figure was in published-data.md: 0.207 and
// 15 cm, which put the 5 cm cuff at 154 +- 29.) Brachial resting flow about 60 mL/min (approx.).
const LimbPhysiology kArm{
    .transmission = {.depth_scale = 0.105, .core_circumference = units::cm(5.0)},
    .uses_leg_systolic_ratio = false,
    .artery_volume_scale = 1.0,
    .resting_inflow = units::mL_per_s(1.0),
    .resting_venous = units::mmHg(15.0),
    .venous_compliance_mL_per_mmHg = 1.5,
    .artery_exposure = 0.3,
    // The thigh's: the brachial figure of Hunt et al. 2016 (below) hardly moves with it (a 60 %
    // fall at 90-92 mmHg for shares of 0.03-0.08 under a 10 cm cuff), so it is not fitted.
    .segment_resistance_share = 0.08,
};
// Central venous pressure at rest about 5 mmHg (Guyton & Hall, 13th ed.).
constexpr double kCentralVenousMmHg = 5.0;
// Tissue under a cuff creeps: interstitial fluid is squeezed out over tens of seconds, so a
// sealed cuff loses pressure. Fitted to the rest-time pressures of the non-regulating cuffs in
// Swain et al. 2025 (published-data.md section 3): mL per mmHg per cm^2 of contact, and its time constant.
constexpr double kCreepPerMmHgPerCm2 = 3.2e-4;
constexpr double kCreepTimeConstantS = 40.0;
// Contracting muscle thickens under the cuff. Fitted to the peak pressures of sealed cuffs in
// Swain et al. 2025 at the typical 30 % 1RM: mL per cm^2 of contact at full activation.
constexpr double kBulgePerCm2 = 0.030;
constexpr double kReferenceLoad = 0.30;
// Intramuscular pressure at the load and activation above, about 60 mmHg (Sejersted et al.,
// J Appl Physiol 1984;56:287) (approx.).
constexpr double kIntramuscularAtReferenceMmHg = 60.0;
// Flow fractions are reported smoothed over about two beats.
constexpr double kFlowAveragingS = 2.0;
// Arterial inflow through the segment under the cuff. While the artery there is open (its
// pressure above the tissue's) blood flows from the artery to the distal veins through the limb's
// vascular bed in series with the segment, whose resistance grows as it narrows: Poiseuille, with
// the length fixed, R ~ 1 / area^2, the area following the segment's volume on Babbs' curve. The
// segment's share of the resting arterial resistance is fitted per limb so that arterial flow
// falls by 60 % where Hunt, Stodart and Ferguson (Eur J Appl Physiol 2016, n = 50, Doppler;
// published-data.md section 7) found it: 111 +- 12 mmHg popliteal, 101 +- 12 mmHg brachial
// (cuff widths not recorded there: 11.5 cm thigh and 10 cm arm assumed; `bfr sim calibrate`).
// It replaces a pure Starling resistor (flow only while the artery's pressure exceeds the
// tissue's, driven by that difference), which put the 60 % fall at 67 mmHg on a thigh and 61 on
// an arm.
}  // namespace

const LimbPhysiology& physiology_for(LimbKind limb) { return limb == LimbKind::arm ? kArm : kThigh; }

Limb::Limb(LimbKind kind, units::Length circumference, units::Length cuff_width, const CirculationSpec& circulation,
           double leg_systolic_ratio, units::Pressure hydrostatic, Random rng, MotionSpec motion, TissueResponse tissue)
    : phys_(&physiology_for(kind)),
      circulation_(circulation),
      rng_(rng),
      motion_(motion),
      transmission_(tissue_transmission(phys_->transmission, cuff_width, circumference)),
      amplification_(phys_->uses_leg_systolic_ratio
                         ? (leg_systolic_ratio * circulation.systolic.mmHg() - circulation.diastolic.mmHg()) /
                               (circulation.systolic.mmHg() - circulation.diastolic.mmHg())
                         : 1.0),
      hydrostatic_(hydrostatic.mmHg()),
      va0_(kBabbsArmSegmentMl * phys_->artery_volume_scale * cuff_width.cm() / kBabbsReferenceCuffWidthCm),
      contact_area_cm2_(circumference.cm() * cuff_width.cm()),
      response_(tissue) {
  // Conductances that give the resting inflow with the resting venous pressure, and a venous
  // pressure that balances inflow and outflow with no cuff: Q = Ga (MAP - Pv) = Gv (Pv - CVP).
  const double map = circulation.diastolic.mmHg() +
                     Heart::contour_mean() * amplification_ *
                         (circulation.systolic.mmHg() - circulation.diastolic.mmHg());
  const double q0 = phys_->resting_inflow.mL_per_s();
  const double pv0 = phys_->resting_venous.mmHg();
  g_arterial_ = q0 / (map - pv0);
  g_venous_ = q0 / (pv0 - kCentralVenousMmHg);
  q_reference_ = q0;
  venous_floor_ = kCentralVenousMmHg + hydrostatic_;
  venous_ = pv0 + hydrostatic_;
  arterial_local_ = map + hydrostatic_;
  open_reference_ = babbs_artery_volume_mL(va0_, arterial_local_);
}

std::optional<units::Pressure> Limb::true_lop(double transmission_scale) const {
  constexpr double kNoGrip = 1e-3;
  if (transmission_ * transmission_scale < kNoGrip) return std::nullopt;
  const double local_systolic = circulation_.diastolic.mmHg() +
                                amplification_ * (circulation_.systolic.mmHg() - circulation_.diastolic.mmHg()) +
                                hydrostatic_;
  return units::mmHg(local_systolic / (transmission_ * transmission_scale));
}

void Limb::settle_at(units::Pressure cuff) {
  creep_ = response_.creep * kCreepPerMmHgPerCm2 * contact_area_cm2_ * cuff.mmHg();
  intrusion_ -= creep_;
  restart_averages_ = true;
}

void Limb::step_motion(double dt) {
  if (motion_left_ > 0.0) {
    motion_left_ -= dt;
    const double progress = 1.0 - std::max(motion_left_, 0.0) / motion_total_;
    motion_volume_ = motion_peak_ * std::sin(std::numbers::pi * progress);
    if (motion_left_ <= 0.0) motion_volume_ = 0.0;
    return;
  }
  if (motion_.rate.hertz() <= 0.0) return;
  if (rng_.uniform() < motion_.rate.hertz() * dt) {
    motion_total_ = motion_left_ = motion_.duration.seconds() * rng_.uniform(0.5, 1.5);
    motion_peak_ = motion_.amplitude.mL() * rng_.normal();
  }
}

void Limb::step(units::Duration dt_d, const LimbInputs& in) {
  const double dt = dt_d.seconds();
  const double load_scale = in.load_fraction > 0.0 ? std::sqrt(in.load_fraction / kReferenceLoad) : 0.0;
  const double drive = in.activation * load_scale;
  const double k = transmission_ * in.transmission_scale;

  // Pressure on the artery: the cuff's share plus the muscle's own pressure when it contracts.
  tissue_ = k * in.cuff_mmHg + phys_->artery_exposure * response_.intramuscular * kIntramuscularAtReferenceMmHg * drive;
  arterial_local_ = circulation_.diastolic.mmHg() +
                    amplification_ * (in.brachial_mmHg - circulation_.diastolic.mmHg()) + hydrostatic_;

  // The arterial segment under the cuff: its volume pushes on the cuff air and sets its resistance.
  const double artery = babbs_artery_volume_mL(va0_, arterial_local_ - tissue_);
  const double open = artery / open_reference_;
  const double resistance = (1.0 - phys_->segment_resistance_share) + phys_->segment_resistance_share / (open * open);
  const double q_in =
      arterial_local_ > tissue_ ? g_arterial_ * std::max(0.0, arterial_local_ - venous_) / resistance : 0.0;
  const double q_out = g_venous_ * std::max(0.0, venous_ - std::max(tissue_, venous_floor_));
  venous_ += dt * (q_in - q_out) / phys_->venous_compliance_mL_per_mmHg;
  inflow_now_ = q_in / q_reference_;
  // After settle_at the flows start from their first value, not from the uncuffed 100 %.
  const double blend = restart_averages_ ? 1.0 : std::min(dt / kFlowAveragingS, 1.0);
  restart_averages_ = false;
  inflow_avg_ += (inflow_now_ - inflow_avg_) * blend;
  outflow_avg_ += (q_out / q_reference_ - outflow_avg_) * blend;

  creep_ += (response_.creep * kCreepPerMmHgPerCm2 * contact_area_cm2_ * in.cuff_mmHg - creep_) * std::min(dt / kCreepTimeConstantS, 1.0);
  step_motion(dt);

  const double bulge = response_.bulge * kBulgePerCm2 * contact_area_cm2_ * drive;
  intrusion_ = artery + bulge + motion_volume_ - creep_ - in.fit_loss_mL;
}

}  // namespace bfr::sim

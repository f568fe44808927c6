#include "sim/pneumatics.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "sim/physical_constants.hpp"

namespace bfr::sim {

namespace {
constexpr double kAtm = physics::kAtmosphere.mmHg();
// A cuff that has come off the limb vents as if through a 4 mm hole (its connector or a burst seam).
constexpr Orifice kCuffOffOpening{units::mm(4.0)};
// Laminar-turbulent transition of pipe flow, and the Blasius friction factor's ratio to the
// laminar one, 0.316 Re^-0.25 / (64 / Re) (Blasius 1913; valid to Re ~ 1e5).
constexpr double kTransitionReynolds = 2300.0;
}  // namespace

Pneumatics::Pneumatics(const DeviceSpec& device, const Cuff& cuff) : device_(device), cuff_(&cuff), pump_(device) {
  const double radius_m = device.tube.inner_diameter.metres() / 2.0;
  hose_area_m2_ = std::numbers::pi * radius_m * radius_m;
  // Poiseuille: R = 8 mu L / (pi r^4) in Pa s / m^3; to mmHg per mL/s.
  const double r_si = 8.0 * physics::kAirViscosityPaS * device.tube.length.metres() /
                      (std::numbers::pi * std::pow(radius_m, 4));
  r_laminar_ = r_si * 1.0e-6 / units::kPascalPerMmHg;
  manifold_mL_ = device.manifold_volume.mL();
  air_manifold_ = manifold_mL_;
  air_cuff_ = cuff.air_for_pressure_std_mL(0.0, 0.0);
}

void Pneumatics::set_pressure(units::Pressure p, units::Volume limb_intrusion) {
  p_manifold_ = p_cuff_ = p.mmHg();
  air_manifold_ = manifold_mL_ * (kAtm + p_manifold_) / kAtm;
  air_cuff_ = cuff_->air_for_pressure_std_mL(p_cuff_, limb_intrusion.mL());
}

void Pneumatics::set_manifold_air_std_mL(double air) {
  air_manifold_ = std::max(air, 0.0);
  p_manifold_ = air_manifold_ * kAtm / manifold_mL_ - kAtm;
}

ActuatorCommand Pneumatics::apply_faults(const ActuatorCommand& c, const PneumaticFaults& f) {
  ActuatorCommand a = c;
  a.pump_duty = std::clamp(a.pump_duty, 0.0, 1.0);
  a.deflate_opening = std::clamp(a.deflate_opening, 0.0, 1.0);
  if (f.power_lost) a = ActuatorCommand{};  // unpowered: the safe state, dump valve open
  if (f.pump_runaway) a.pump_duty = 1.0;
  if (f.pump_dead) a.pump_duty = 0.0;
  if (f.inflate_valve_stuck != 0) a.inflate_valve_open = f.inflate_valve_stuck > 0;
  if (f.deflate_valve_stuck != 0) a.deflate_opening = f.deflate_valve_stuck > 0 ? 1.0 : 0.0;
  return a;
}

double Pneumatics::hose_conductance(double hose_factor) const {
  // Standard mL/s per mmHg. Actual volume flow is standard flow * p_atm / p_abs, so the
  // conductance in standard units grows with the mean absolute pressure in the hose.
  const double p_abs_mean = kAtm + 0.5 * (p_manifold_ + p_cuff_);
  // Reynolds number from the last step's mass flow: rho v = rho_atm Q_std / A.
  const double q_m3 = std::abs(q_hose_) * 1.0e-6;
  const double reynolds = physics::kAirDensityAtmosphere * q_m3 / hose_area_m2_ *
                          device_.tube.inner_diameter.metres() / physics::kAirViscosityPaS;
  double turbulence = 1.0;
  if (reynolds > kTransitionReynolds) turbulence = 0.316 * std::pow(reynolds, 0.75) / 64.0;
  return (p_abs_mean / kAtm) / (r_laminar_ * turbulence * hose_factor);
}

void Pneumatics::step(units::Duration dt_d, const ActuatorCommand& command, units::Volume intrusion_v,
                      const PneumaticFaults& faults) {
  applied_ = apply_faults(command, faults);
  pump_.spin(dt_d.seconds(), applied_.pump_duty);
  exchange(dt_d.seconds(), applied_.inflate_valve_open ? pump_.feed(p_manifold_) : PumpFeed{}, intrusion_v.mL(), faults);
}

void Pneumatics::step_fed(units::Duration dt_d, const ActuatorCommand& command, units::Volume intrusion_v,
                          const PneumaticFaults& faults, const PumpFeed& feed) {
  applied_ = apply_faults(command, faults);
  exchange(dt_d.seconds(), applied_.inflate_valve_open ? feed : PumpFeed{}, intrusion_v.mL(), faults);
}

void Pneumatics::exchange(double dt, const PumpFeed& feed, double intrusion, const PneumaticFaults& faults) {
  const auto mmHg = units::mmHg;
  const double q_in = feed.in_std_mL_s;
  const double q_back = feed.back_std_mL_s;
  const double q_deflate =
      orifice_flow(device_.deflate_valve, applied_.deflate_opening, mmHg(p_manifold_), mmHg(0)).mL_per_s();
  const double q_dump =
      applied_.dump_valve_powered ? 0.0 : orifice_flow(device_.dump_valve, mmHg(p_manifold_), mmHg(0)).mL_per_s();
  double q_leak = 0.0;
  if (faults.cuff_leak.mm() > 0.0) q_leak += orifice_flow(Orifice{faults.cuff_leak}, mmHg(p_cuff_), mmHg(0)).mL_per_s();
  if (faults.cuff_off) q_leak += orifice_flow(kCuffOffOpening, mmHg(p_cuff_), mmHg(0)).mL_per_s();

  q_pump_ = q_in;
  q_vent_ = q_back + q_deflate + q_dump;
  q_leak_ = q_leak;
  const double q_ext_manifold = q_in - q_vent_;
  const double q_ext_cuff = -q_leak;

  // Implicit (backward Euler) exchange through the hose, explicit for everything else:
  // d(pm - pc) obeys a linear ODE in the hose flow, solved exactly stable for any resistance.
  const double g = hose_conductance(faults.hose_resistance_factor);
  const double c_m = manifold_mL_ / kAtm;
  const double c_c = cuff_->compliance_std_mL_per_mmHg(p_cuff_, intrusion);
  const double dp = p_manifold_ - p_cuff_;
  const double dp_next = (dp + dt * (q_ext_manifold / c_m - q_ext_cuff / c_c)) / (1.0 + dt * g * (1.0 / c_m + 1.0 / c_c));
  q_hose_ = g * dp_next;

  air_manifold_ = std::max(air_manifold_ + dt * (q_ext_manifold - q_hose_), 0.0);
  air_cuff_ = std::max(air_cuff_ + dt * (q_ext_cuff + q_hose_), 0.0);
  p_manifold_ = air_manifold_ * kAtm / manifold_mL_ - kAtm;
  p_cuff_ = cuff_->solve_pressure_mmHg(air_cuff_, intrusion, p_cuff_);
}

}  // namespace bfr::sim

#pragma once
// The air path: pump and valves on a small manifold (where the pressure sensor sits), a hose to
// the cuff, and the cuff. Two lumped gas volumes joined by the hose's resistance; the stiff
// hose exchange is integrated implicitly so a 1 ms step is stable for any hose, kinked or not.

#include "sim/cuff.hpp"
#include "sim/device_parts.hpp"
#include "sim/pump.hpp"

namespace bfr::sim {

// Pneumatic faults in force during one step (see faults.hpp for how they are scheduled).
struct PneumaticFaults {
  units::Length cuff_leak = units::mm(0.0);  // hole in the bladder or a loose connector
  double hose_resistance_factor = 1.0;       // > 1 when the hose is kinked
  bool pump_dead = false;
  bool pump_runaway = false;                 // motor driven full on whatever is commanded
  int inflate_valve_stuck = 0;               // 0 free, +1 stuck open, -1 stuck closed
  int deflate_valve_stuck = 0;               // 0 free, +1 stuck open, -1 stuck closed
  bool power_lost = false;                   // every actuator unpowered
  bool cuff_off = false;                     // cuff burst open or came off the limb
};

class Pneumatics {
 public:
  Pneumatics(const DeviceSpec& device, const Cuff& cuff);

  // One step with this channel's own pump.
  void step(units::Duration dt, const ActuatorCommand& command, units::Volume limb_intrusion,
            const PneumaticFaults& faults);
  // One step when one pump serves several channels: `feed` is what it gives this manifold (zero
  // when this channel's inflate valve is shut), and the pump's own state is not this channel's.
  void step_fed(units::Duration dt, const ActuatorCommand& command, units::Volume limb_intrusion,
                const PneumaticFaults& faults, const PumpFeed& feed);

  // The command as it acts on the hardware under these faults.
  [[nodiscard]] static ActuatorCommand apply_faults(const ActuatorCommand& c, const PneumaticFaults& f);

  [[nodiscard]] units::Pressure manifold_pressure() const { return units::mmHg(p_manifold_); }
  [[nodiscard]] units::Pressure cuff_pressure() const { return units::mmHg(p_cuff_); }
  [[nodiscard]] units::Flow pump_flow() const { return units::mL_per_s(q_pump_); }
  [[nodiscard]] units::Flow vent_flow() const { return units::mL_per_s(q_vent_); }
  [[nodiscard]] units::Flow leak_flow() const { return units::mL_per_s(q_leak_); }
  [[nodiscard]] units::Flow hose_flow() const { return units::mL_per_s(q_hose_); }
  [[nodiscard]] units::Volume cuff_air() const { return units::mL(air_cuff_); }
  // Standard mL of air in the manifold; setting it moves its pressure (two manifolds joined by
  // open inflate valves share their air).
  [[nodiscard]] double manifold_air_std_mL() const { return air_manifold_; }
  void set_manifold_air_std_mL(double air);
  [[nodiscard]] units::Volume manifold_volume() const { return units::mL(manifold_mL_); }
  // The actuator state that really acted in the last step, after faults.
  [[nodiscard]] const ActuatorCommand& applied() const { return applied_; }

  // Sets both volumes to one pressure at rest: a scenario may start with the cuff inflated.
  void set_pressure(units::Pressure p, units::Volume limb_intrusion);

  // Hose resistance at zero flow, mmHg per (mL/s) of actual volume flow (Poiseuille).
  [[nodiscard]] double laminar_hose_resistance() const { return r_laminar_; }

 private:
  // The exchange between pump feed, valves, hose and cuff, once this step's command is applied.
  void exchange(double dt, const PumpFeed& feed, double intrusion, const PneumaticFaults& faults);
  double hose_conductance(double hose_factor) const;

  DeviceSpec device_;
  const Cuff* cuff_;
  double r_laminar_;        // mmHg / (mL/s)
  double hose_area_m2_;
  double manifold_mL_;
  Pump pump_;
  double air_manifold_;      // standard mL
  double air_cuff_;          // standard mL
  double p_manifold_ = 0.0;
  double p_cuff_ = 0.0;
  double q_pump_ = 0.0;
  double q_vent_ = 0.0;
  double q_leak_ = 0.0;
  double q_hose_ = 0.0;
  ActuatorCommand applied_{};
};

}  // namespace bfr::sim

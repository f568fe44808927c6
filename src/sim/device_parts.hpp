#pragma once
// The hardware the virtual device is built from, sized like real parts. docs/simulator.md names
// the class of each part and the datasheet figures behind these defaults.

#include "sim/orifice.hpp"
#include "units/units.hpp"

namespace bfr::sim {

// 12 V DC diaphragm air pump of the class used in blood-pressure monitors and BFR units
// (miniature diaphragm pumps list 1.5-5 L/min free flow and 60-80 kPa maximum pressure, with a
// nearly linear flow/pressure curve). Sized at 3.5 L/min so that at 80 % LOP on a large thigh
// (150-200 mmHg) it still out-pumps the fastest relaxation of a repetition (about 37 mL/s of air
// for the 20 mL of muscle swelling that leaves the cuff in 0.5 s). Motor spin-up tens of ms.
struct PumpSpec {
  units::Flow free_flow = units::litres_per_minute(3.5);
  units::Pressure stall_pressure = units::kPa(80.0);
  units::Duration spin_up = units::milliseconds(30.0);
};

// Rigid tubing from the device to the cuff: 4 mm bore, 1.2 m, typical of BFR and tourniquet
// hoses. Its resistance is Poiseuille's when laminar and Blasius' when turbulent.
struct TubeSpec {
  units::Length inner_diameter = units::mm(4.0);
  units::Length length = units::metres(1.2);
};

struct DeviceSpec {
  PumpSpec pump{};
  // Diaphragm pumps have reed check valves; a worn seat leaks back about as a 0.1 mm orifice
  // when the motor is stopped and the inflate valve is open.
  Orifice pump_backflow{units::mm(0.1)};
  // Proportional 2/2 normally-closed solenoid valve, 1.2 mm seat (miniature proportional valves
  // list 0.8-1.6 mm); the controller sets its opening fraction by PWM.
  Orifice deflate_valve{units::mm(1.2)};
  // 2/2 normally-OPEN solenoid dump valve, 1.6 mm seat: it must be powered to hold pressure, so
  // any loss of power or of the controller deflates the cuff. The safe state is the unpowered one.
  Orifice dump_valve{units::mm(1.6)};
  TubeSpec tube{};
  // Air inside the device: pump head, manifold, sensor port (a few mL), plus the tube's bore
  // (pi * 2^2 mm^2 * 1.2 m = 15 mL) lumped at the sensor side.
  units::Volume manifold_volume = units::mL(20.0);
};

// What the controller (or a scripted timeline) asks of the actuators. Value-initialised, it is
// the safe state: pump off, inflate valve shut, deflate valve shut, dump valve unpowered (open).
struct ActuatorCommand {
  double pump_duty = 0.0;             // 0..1 PWM duty of the pump motor
  bool inflate_valve_open = false;    // pump-to-manifold solenoid
  double deflate_opening = 0.0;       // 0..1 opening of the proportional vent valve
  bool dump_valve_powered = false;    // false: the normally-open dump valve is open
};

}  // namespace bfr::sim

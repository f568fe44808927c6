#pragma once
// Shared set-ups for the simulation tests: a reference person and helpers to hold the cuff at a
// pressure and read ground truth.

#include "sim/plant.hpp"

namespace bfr::sim::testing {

inline PlantSpec reference_thigh(double width_cm = 11.5, Posture posture = Posture::supine) {
  PlantSpec spec;
  spec.person.sex = Sex::male;
  spec.person.height = units::cm(178.0);
  spec.person.circulation = {units::mmHg(120.0), units::mmHg(75.0), units::per_minute(60.0), Rhythm::sinus};
  spec.person.thigh_circumference = units::cm(56.0);
  spec.limb = LimbKind::thigh;
  spec.cuff.width = units::cm(width_cm);
  spec.posture = posture;
  spec.seed = 17;
  return spec;
}

inline ActuatorCommand sealed() {
  ActuatorCommand c;
  c.dump_valve_powered = true;
  return c;
}

// Holds the cuff sealed at p for `seconds` and returns the mean ground-truth arterial inflow
// over the last half of that time.
inline double inflow_when_held_at(const PlantSpec& spec, units::Pressure p, double seconds = 12.0) {
  Plant plant(spec);
  plant.preset_cuff_pressure(p);
  double sum = 0.0;
  int n = 0;
  while (plant.now().seconds() < seconds) {
    plant.step(sealed());
    if (plant.now().seconds() > seconds / 2) sum += plant.truth().arterial_inflow.fraction(), ++n;
  }
  return sum / n;
}

}  // namespace bfr::sim::testing

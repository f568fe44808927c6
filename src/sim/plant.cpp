#include "sim/plant.hpp"

namespace bfr::sim {

namespace {
units::Length limb_circumference(const PlantSpec& s) {
  return s.limb == LimbKind::arm ? s.person.arm_circumference : s.person.thigh_circumference;
}

// Draws the device's parts from a stream of their own, so that the person, pulse and noise of
// a seed stay the same whichever way the parts are made.
PlantSpec with_parts(PlantSpec s) {
  if (s.parts == Parts::nominal) return s;
  Random rng(s.seed ^ 0xC0FFEE5EEDULL);
  s.pressure_sensor = draw_pressure_sensor(s.pressure_sensor, rng);
  s.cuff_line_pressure_sensor = draw_pressure_sensor(s.cuff_line_pressure_sensor, rng);
  return s;
}
}  // namespace

Plant::Plant(PlantSpec spec)
    : spec_(with_parts(std::move(spec))),
      rng_(spec_.seed),
      cuff_(spec_.cuff, limb_circumference(spec_)),
      heart_(spec_.person.circulation, rng_.fork()),
      limb_(spec_.limb, limb_circumference(spec_), spec_.cuff.width, spec_.person.circulation,
            spec_.person.leg_systolic_ratio, hydrostatic_offset(spec_.posture, spec_.limb, spec_.person.height), rng_.fork(), spec_.motion,
            spec_.person.tissue),
      pneumatics_(spec_.device, cuff_),
      pressure_sensor_(spec_.pressure_sensor, rng_.fork()),
      cuff_line_sensor_(spec_.cuff_line_pressure_sensor, rng_.fork()),
      pulse_sensor_(spec_.pulse_sensor, rng_.fork()) {
  if (spec_.exercise) exercise_.emplace<Exercise>(*spec_.exercise);
  if (spec_.rhythmic) exercise_.emplace<RhythmicExercise>(*spec_.rhythmic);
}

units::Pressure Plant::nominal_lop() const { return *limb_.true_lop(1.0); }

void Plant::preset_cuff_pressure(units::Pressure p) {
  limb_.settle_at(p);
  pneumatics_.set_pressure(p, limb_.intrusion());
}

void Plant::start_exercise(ExerciseSpec spec) {
  spec.start = now_;
  exercise_.emplace<Exercise>(std::move(spec));
}

void Plant::start_exercise(RhythmicSpec spec) {
  spec.start = now_;
  exercise_.emplace<RhythmicExercise>(spec);
}

void Plant::stop_exercise() { exercise_.emplace<std::monostate>(); }

SensorReadings Plant::step(const ActuatorCommand& command) {
  const auto dt = spec_.step;
  faults_ = faults_at(spec_.faults, now_);
  double load = 0.0;
  exercise_state_ = {};
  const auto* rhythm = std::get_if<RhythmicExercise>(&exercise_);
  if (const auto* sets = std::get_if<Exercise>(&exercise_)) {
    exercise_state_ = sets->at(now_);
    load = sets->spec().load.fraction();
  } else if (rhythm) {
    exercise_state_ = rhythm->at(now_);
    load = rhythm->load_fraction();
  }
  // The heart follows the pace while the person walks or cycles, and settles back after.
  heart_.set_rate_target(rhythm && exercise_state_.phase == ExercisePhase::repetition ? rhythm->spec().heart_rate
                                                                                       : spec_.person.circulation.heart_rate);

  const auto brachial = heart_.step(dt);
  limb_.step(dt, LimbInputs{
                     .cuff_mmHg = pneumatics_.cuff_pressure().mmHg(),
                     .brachial_mmHg = brachial.mmHg(),
                     .activation = exercise_state_.activation,
                     .load_fraction = load,
                     .transmission_scale = faults_.transmission_scale,
                     .fit_loss_mL = faults_.fit_loss_mL,
                 });
  pneumatics_.step(dt, command, limb_.intrusion(), faults_.pneumatic);
  now_ += dt;

  SensorReadings r;
  r.cuff_pressure = pressure_sensor_.sample(now_, pneumatics_.manifold_pressure(), faults_.sensor);
  if (spec_.cuff_line_sensor) r.cuff_line_pressure = cuff_line_sensor_.sample(now_, pneumatics_.cuff_pressure(), faults_.line_sensor);
  r.distal_pulse = pulse_sensor_.step(now_, dt, limb_.distal_flow_instant(), limb_.moving());
  return r;
}

GroundTruth Plant::truth() const {
  GroundTruth g;
  g.time = now_;
  g.cuff = pneumatics_.cuff_pressure();
  g.manifold = pneumatics_.manifold_pressure();
  g.tissue = limb_.tissue_pressure();
  g.local_arterial = limb_.local_arterial_pressure();
  g.distal_venous = limb_.distal_venous_pressure();
  g.lop = limb_.true_lop(faults_.transmission_scale);
  g.arterial_inflow = limb_.arterial_inflow();
  g.venous_outflow = limb_.venous_outflow();
  g.pump_flow = pneumatics_.pump_flow();
  g.vent_flow = pneumatics_.vent_flow();
  g.leak_flow = pneumatics_.leak_flow();
  g.exercise = exercise_state_;
  g.applied = pneumatics_.applied();
  return g;
}

}  // namespace bfr::sim

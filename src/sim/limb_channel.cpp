#include "sim/limb_channel.hpp"

#include "sim/posture.hpp"

namespace bfr::sim {

namespace {
units::Length limb_circumference(const PlantSpec& s) {
  return s.limb == LimbKind::arm ? s.person.arm_circumference : s.person.thigh_circumference;
}
}  // namespace

LimbChannel::LimbChannel(const PlantSpec& spec, Random& rng)
    : spec_(&spec),
      cuff_(spec.cuff, limb_circumference(spec)),
      limb_(spec.limb, limb_circumference(spec), spec.cuff.width, spec.person.circulation, spec.person.leg_systolic_ratio,
            hydrostatic_offset(spec.posture, spec.limb, spec.person.height), rng.fork(), spec.motion, spec.person.tissue),
      pneumatics_(spec.device, cuff_),
      pressure_sensor_(spec.pressure_sensor, rng.fork()),
      cuff_line_sensor_(spec.cuff_line_pressure_sensor, rng.fork()),
      pulse_sensor_(spec.pulse_sensor, rng.fork()) {
  if (spec.exercise) exercise_.emplace<Exercise>(*spec.exercise);
  if (spec.rhythmic) exercise_.emplace<RhythmicExercise>(*spec.rhythmic);
}

void LimbChannel::preset_cuff_pressure(units::Pressure p) {
  limb_.settle_at(p);
  pneumatics_.set_pressure(p, limb_.intrusion());
}

void LimbChannel::start_exercise(ExerciseSpec spec) { exercise_.emplace<Exercise>(std::move(spec)); }
void LimbChannel::start_exercise(RhythmicSpec spec) { exercise_.emplace<RhythmicExercise>(spec); }
void LimbChannel::stop_exercise() { exercise_.emplace<std::monostate>(); }

void LimbChannel::prepare(units::Instant now) {
  faults_ = faults_at(spec_->faults, now);
  load_ = 0.0;
  exercise_state_ = {};
  if (const auto* sets = std::get_if<Exercise>(&exercise_)) {
    exercise_state_ = sets->at(now);
    load_ = sets->spec().load.fraction();
  } else if (const auto* rhythm = std::get_if<RhythmicExercise>(&exercise_)) {
    exercise_state_ = rhythm->at(now);
    load_ = rhythm->load_fraction();
  }
}

std::optional<units::Frequency> LimbChannel::pace() const {
  const auto* rhythm = std::get_if<RhythmicExercise>(&exercise_);
  if (rhythm == nullptr || exercise_state_.phase != ExercisePhase::repetition) return std::nullopt;
  return rhythm->spec().heart_rate;
}

void LimbChannel::move_limb(units::Duration dt, units::Pressure brachial) {
  limb_.step(dt, LimbInputs{
                     .cuff_mmHg = pneumatics_.cuff_pressure().mmHg(),
                     .brachial_mmHg = brachial.mmHg(),
                     .activation = exercise_state_.activation,
                     .load_fraction = load_,
                     .transmission_scale = faults_.transmission_scale,
                     .fit_loss_mL = faults_.fit_loss_mL,
                 });
}

void LimbChannel::step_air(units::Duration dt, const ActuatorCommand& command) {
  pneumatics_.step(dt, command, limb_.intrusion(), faults_.pneumatic);
}

void LimbChannel::step_air(units::Duration dt, const ActuatorCommand& command, const PumpFeed& feed) {
  pneumatics_.step_fed(dt, command, limb_.intrusion(), faults_.pneumatic, feed);
}

SensorReadings LimbChannel::read(units::Instant now, units::Duration dt) {
  SensorReadings r;
  r.cuff_pressure = pressure_sensor_.sample(now, pneumatics_.manifold_pressure(), faults_.sensor);
  if (spec_->cuff_line_sensor) r.cuff_line_pressure = cuff_line_sensor_.sample(now, pneumatics_.cuff_pressure(), faults_.line_sensor);
  r.distal_pulse = pulse_sensor_.step(now, dt, limb_.distal_flow_instant(), limb_.moving());
  return r;
}

GroundTruth LimbChannel::truth(units::Instant now) const {
  GroundTruth g;
  g.time = now;
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

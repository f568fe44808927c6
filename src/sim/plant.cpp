#include "sim/plant.hpp"

namespace bfr::sim {

PlantSpec with_parts(PlantSpec s) {
  if (s.parts == Parts::nominal) return s;
  Random rng(s.seed ^ 0xC0FFEE5EEDULL);
  s.pressure_sensor = draw_pressure_sensor(s.pressure_sensor, rng);
  s.cuff_line_pressure_sensor = draw_pressure_sensor(s.cuff_line_pressure_sensor, rng);
  return s;
}

Plant::Plant(PlantSpec spec)
    : spec_(with_parts(std::move(spec))),
      rng_(spec_.seed),
      heart_(spec_.person.circulation, rng_.fork()),
      channel_(spec_, rng_) {}

units::Pressure Plant::nominal_lop() const { return channel_.nominal_lop(); }

void Plant::preset_cuff_pressure(units::Pressure p) { channel_.preset_cuff_pressure(p); }

void Plant::start_exercise(ExerciseSpec spec) {
  spec.start = now_;
  channel_.start_exercise(std::move(spec));
}

void Plant::start_exercise(RhythmicSpec spec) {
  spec.start = now_;
  channel_.start_exercise(spec);
}

void Plant::stop_exercise() { channel_.stop_exercise(); }

SensorReadings Plant::step(const ActuatorCommand& command) {
  const auto dt = spec_.step;
  channel_.prepare(now_);
  // The heart follows the pace while the person walks or cycles, and settles back after.
  heart_.set_rate_target(channel_.pace().value_or(spec_.person.circulation.heart_rate));
  const auto brachial = heart_.step(dt);
  channel_.move_limb(dt, brachial);
  channel_.step_air(dt, command);
  now_ += dt;
  return channel_.read(now_, dt);
}

GroundTruth Plant::truth() const { return channel_.truth(now_); }

}  // namespace bfr::sim

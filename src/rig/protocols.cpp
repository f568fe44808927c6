#include "rig/protocols.hpp"

namespace bfr::rig {

namespace {
// Inflation takes about 10 s; the first repetition starts once the cuff is at pressure.
constexpr double kExerciseStartS = 20.0;
constexpr double kTailS = 5.0;

sim::Scenario protocol(const sim::Person& person, const std::string& strategy, std::uint64_t seed, sim::LimbKind limb,
                       double width_cm, double pct_lop) {
  sim::Scenario s;
  s.name = "Swain et al. 2025 protocol";
  s.record_rate = units::hertz(100.0);
  s.plant.person = person;
  s.plant.limb = limb;
  s.plant.cuff.width = units::cm(width_cm);
  s.plant.posture = sim::Posture::seated;
  s.plant.seed = seed;
  s.plant.parts = sim::Parts::drawn;  // a device as built, its sensors within their tolerances
  sim::ExerciseSpec e;
  e.start = units::at_seconds(kExerciseStartS);
  e.load = units::percent(30.0);
  e.sets = {30, 15, 15, 15};
  e.rest = units::seconds(30.0);
  s.plant.exercise = e;
  const sim::Exercise schedule(e);
  s.duration = schedule.end().since_start() + units::seconds(kTailS);
  s.actuation = sim::ControllerChoice{strategy, sim::PressureTarget{units::percent(pct_lop)}, false, {}};
  return s;
}
}  // namespace

sim::Scenario swain2025_leg_press(const sim::Person& person, const std::string& strategy, std::uint64_t seed) {
  return protocol(person, strategy, seed, sim::LimbKind::thigh, 11.5, 80.0);
}

sim::Scenario swain2025_arm_variant(const sim::Person& person, const std::string& strategy, std::uint64_t seed) {
  return protocol(person, strategy, seed, sim::LimbKind::arm, 5.0, 50.0);
}

sim::Scenario measuring_lop_first(sim::Scenario s) {
  std::get<sim::ControllerChoice>(s.actuation).measure_lop = true;
  if (s.plant.exercise) s.plant.exercise->start = s.plant.exercise->start + kLopAllowance;
  if (s.plant.rhythmic) s.plant.rhythmic->start = s.plant.rhythmic->start + kLopAllowance;
  s.duration = s.duration + kLopAllowance;
  return s;
}

}  // namespace bfr::rig

#include "rig/virtual_body.hpp"

#include <stdexcept>

#include "rig/two_limb_people.hpp"
#include "sim/population.hpp"

namespace bfr::rig {

namespace {

// The athlete's load when the set command carries none: the low end of BFR loads
// (published-data.md section 4, 20-30 % 1RM).
constexpr units::Percent kAthleteLoad = units::percent(30.0);
// In a planned hold the athlete walks on a treadmill at an easy 4.5 km/h (the middle of bench
// aerobic's 3-6 km/h), the heart rate climbing to 115 /min: low intensity for a young adult
// (Patterson et al. 2019: under half of heart-rate reserve).
constexpr double kAthleteWalkKmH = 4.5;
constexpr units::Frequency kAthleteWalkHeartRate = units::per_minute(115.0);
// Walking, the second leg steps half a stride after the first.
constexpr double kSecondLegOffset = 0.5;
// The right leg's draw is its own, apart from the person's.
constexpr std::uint64_t kRightLegStream = 0x5249474854ULL;

class OneLimbBody final : public VirtualBody {
 public:
  explicit OneLimbBody(const sim::PlantSpec& spec) : plant_(spec) {}
  [[nodiscard]] std::size_t cuffs() const override { return 1; }
  [[nodiscard]] units::Instant now() const override { return plant_.now(); }
  void step(std::span<const sim::ActuatorCommand> commands, std::span<sim::SensorReadings> readings) override {
    readings[0] = plant_.step(commands[0]);
  }
  void follow(const link::Command& c) override {
    std::visit(
        [&](const auto& m) {
          using M = std::decay_t<decltype(m)>;
          if constexpr (std::is_same_v<M, StopMoving>) plant_.stop_exercise();
          else if constexpr (!std::is_same_v<M, KeepGoing>) plant_.start_exercise(m);
        },
        athlete_.move_for(c));
  }
  [[nodiscard]] sim::GroundTruth truth(std::size_t) const override { return plant_.truth(); }

 private:
  sim::Plant plant_;
  Athlete athlete_;
};

class TwoLimbBody final : public VirtualBody {
 public:
  explicit TwoLimbBody(const sim::TwoLimbSpec& spec) : plant_(spec) {}
  [[nodiscard]] std::size_t cuffs() const override { return 2; }
  [[nodiscard]] units::Instant now() const override { return plant_.now(); }
  void step(std::span<const sim::ActuatorCommand> commands, std::span<sim::SensorReadings> readings) override {
    const auto r = plant_.step({commands[0], commands[1]});
    readings[0] = r[0];
    readings[1] = r[1];
  }
  void follow(const link::Command& c) override {
    const std::size_t side = c.channel;
    std::visit(
        [&](auto m) {
          using M = std::decay_t<decltype(m)>;
          if constexpr (std::is_same_v<M, StopMoving>) {
            plant_.stop_exercise(side);
          } else if constexpr (std::is_same_v<M, sim::RhythmicSpec>) {
            if (side == sim::kRight) m.cycle_offset = kSecondLegOffset;
            plant_.start_exercise(side, m);
          } else if constexpr (!std::is_same_v<M, KeepGoing>) {
            plant_.start_exercise(side, m);
          }
        },
        athlete_.move_for(c));
  }
  [[nodiscard]] sim::GroundTruth truth(std::size_t cuff) const override { return plant_.truth(cuff); }

 private:
  sim::TwoLimbPlant plant_;
  Athlete athlete_;
};

}  // namespace

AthleteMove Athlete::move_for(const link::Command& c) {
  auto& planned_hold_s = planned_hold_s_.at(c.channel);
  switch (c.code) {
    case link::CommandCode::start: planned_hold_s = c.value; return KeepGoing{};
    case link::CommandCode::start_set: {
      if (planned_hold_s > 0) {  // a walk, not a set: it lasts the hold, or until rest or stop
        sim::RhythmicSpec walk;
        walk.activity = sim::Activity::walking;
        walk.duration = units::seconds(planned_hold_s);
        walk.cadence_per_min = sim::walking_cadence(kAthleteWalkKmH);
        walk.heart_rate = kAthleteWalkHeartRate;
        return walk;
      }
      sim::ExerciseSpec ex;
      ex.load = kAthleteLoad;
      ex.sets = {c.value > 0 ? c.value : 100};
      ex.rest = units::seconds(0.0);
      if (c.value2 > 0) ex.tempo.concentric = ex.tempo.eccentric = units::milliseconds(c.value2 / 2.0);
      return ex;
    }
    case link::CommandCode::rest:
    case link::CommandCode::pause:
    case link::CommandCode::stop:
    case link::CommandCode::deflate: return StopMoving{};
    default: return KeepGoing{};
  }
}

std::unique_ptr<VirtualBody> make_body(const BodySpec& spec) {
  if (const auto* one = std::get_if<sim::PlantSpec>(&spec)) return std::make_unique<OneLimbBody>(*one);
  return std::make_unique<TwoLimbBody>(std::get<sim::TwoLimbSpec>(spec));
}

sim::PlantSpec virtual_athlete(std::uint64_t seed) {
  sim::PlantSpec spec;
  spec.person = sim::generate_person(*sim::cohort_by_name("adults"), seed, 0);
  spec.seed = seed;
  return spec;
}

sim::TwoLimbSpec virtual_athlete_pair(std::uint64_t seed, sim::PumpLayout pumps) {
  sim::TwoLimbSpec spec;
  spec.pumps = pumps;
  spec.sides[sim::kLeft] = virtual_athlete(seed);
  spec.sides[sim::kRight] = spec.sides[sim::kLeft];
  sim::Random rng(seed ^ kRightLegStream);
  spec.sides[sim::kRight].person = other_leg(spec.sides[sim::kLeft].person, rng);
  return spec;
}

}  // namespace bfr::rig

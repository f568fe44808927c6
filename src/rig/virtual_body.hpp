#pragma once
// The simulated person inside the virtual device: one limb in a cuff (sim::Plant) or both legs
// (sim::TwoLimbPlant), and the athlete, who follows the host's commands as a person follows the
// app: the repetitions a set command asks for at the metronome's tempo, a walk through a planned
// continuous hold, and stillness when told to rest or stop. With two cuffs each command moves the
// limb its channel names; in a walk the right leg steps half a stride after the left.

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <variant>

#include "link/messages.hpp"
#include "sim/plant.hpp"
#include "sim/two_limb_plant.hpp"

namespace bfr::rig {

class VirtualBody {
 public:
  virtual ~VirtualBody() = default;
  [[nodiscard]] virtual std::size_t cuffs() const = 0;
  [[nodiscard]] virtual units::Instant now() const = 0;
  // One physics step: a command per cuff in, the samples per cuff out.
  virtual void step(std::span<const sim::ActuatorCommand> commands, std::span<sim::SensorReadings> readings) = 0;
  // The athlete follows a command the device applied.
  virtual void follow(const link::Command& c) = 0;
  // What is really happening in a cuff and its limb (tests only: the device never sees it).
  [[nodiscard]] virtual sim::GroundTruth truth(std::size_t cuff) const = 0;
};

// What the person in the cuff does about a command: nothing new, a set of repetitions, a walk,
// or stop moving.
struct KeepGoing {};
struct StopMoving {};
using AthleteMove = std::variant<KeepGoing, sim::ExerciseSpec, sim::RhythmicSpec, StopMoving>;

// Remembers each limb's planned hold (from `start`), so that a set command in a hold is a walk.
class Athlete {
 public:
  AthleteMove move_for(const link::Command& c);

 private:
  std::array<std::uint16_t, link::kMostChannels> planned_hold_s_{};
};

// The body the spec describes.
using BodySpec = std::variant<sim::PlantSpec, sim::TwoLimbSpec>;
std::unique_ptr<VirtualBody> make_body(const BodySpec& spec);

// A person and cuff for the virtual device: a runner drawn from the adult cohort, seeded by `seed`
// (the person's record id), on the thigh with an 11.5 cm cuff, seated.
sim::PlantSpec virtual_athlete(std::uint64_t seed);
// The same runner with a cuff on each thigh, the right leg differing as legs do
// (rig/two_limb_people.hpp), on one pump or two.
sim::TwoLimbSpec virtual_athlete_pair(std::uint64_t seed, sim::PumpLayout pumps);

}  // namespace bfr::rig

#pragma once
// Resistance exercise under the cuff: sets of repetitions at a tempo and a load. Muscle
// activation over time is a pure function of the schedule, so any instant can be asked for.

#include <vector>

#include "units/units.hpp"

namespace bfr::sim {

struct Tempo {
  units::Duration concentric = units::seconds(1.0);
  units::Duration eccentric = units::seconds(1.0);
  units::Duration pause = units::seconds(0.0);
  [[nodiscard]] units::Duration rep() const { return concentric + eccentric + pause; }
};

struct ExerciseSpec {
  units::Instant start = units::at_seconds(0.0);
  units::Percent load = units::percent(30.0);     // of one-repetition maximum
  std::vector<int> sets{30, 15, 15, 15};           // Patterson et al. 2019 default scheme
  units::Duration rest = units::seconds(30.0);     // between sets, cuff kept on
  Tempo tempo{};
};

enum class ExercisePhase { before, repetition, rest, done };

struct ExerciseState {
  ExercisePhase phase = ExercisePhase::before;
  double activation = 0.0;  // 0 relaxed .. 1 peak of a repetition
  int set = -1;             // 0-based, -1 before the first
  int rep = -1;             // 0-based within the set
};

class Exercise {
 public:
  explicit Exercise(ExerciseSpec spec);
  [[nodiscard]] ExerciseState at(units::Instant t) const;
  [[nodiscard]] units::Instant end() const;
  [[nodiscard]] const ExerciseSpec& spec() const { return spec_; }

 private:
  ExerciseSpec spec_;
  std::vector<double> set_starts_;  // seconds after start
};

}  // namespace bfr::sim

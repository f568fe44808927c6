#pragma once
// Everything a strategy is told before a run: what an operator tells a real device. It holds no
// plant and no person, so ground truth cannot reach a strategy except through `given_lop`, and
// the rig fills that with the true LOP only in oracle runs, which say so (runner.cpp).

#include <optional>
#include <string>
#include <variant>

#include "sim/exercise.hpp"
#include "units/units.hpp"

namespace bfr::rig {

// A continuous hold (walking, cycling) as the host schedules it: when it starts and how long it
// lasts. Not the pace or the heart rate, which are the person's.
struct HoldSchedule {
  units::Instant start{};
  units::Duration duration{};
  [[nodiscard]] bool under_way(units::Instant t) const { return t >= start && t < start + duration; }
};

struct StrategyBrief {
  std::string name;                                     // ours, passive, deadband
  std::variant<units::Pressure, units::Percent> target;  // absolute, or a share of the LOP
  bool measure_lop = false;                             // ours: measure LOP through the cuff first
  std::optional<units::Pressure> given_lop;             // a LOP the device is told
  std::optional<sim::ExerciseSpec> exercise;            // the host's schedule of sets and rests
  std::optional<HoldSchedule> hold;                     // or of a continuous hold: walking, cycling
};

}  // namespace bfr::rig

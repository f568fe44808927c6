#pragma once
// A plan's cuff work in the order a session runs it: its exercises, then its aerobic blocks
// (walking, cycling). Block i below the number of exercises is an exercise; the rest are holds.
// The session machine and its outlook count blocks the same way through this one view.

#include <cstddef>
#include <span>
#include <string>

#include "clinic/plan.hpp"

namespace bfr::session {

struct PlanBlocks {
  std::span<const clinic::PlannedExercise> exercises;
  std::span<const clinic::PlannedAerobic> holds;

  [[nodiscard]] std::size_t size() const { return exercises.size() + holds.size(); }
  [[nodiscard]] bool is_hold(std::size_t i) const { return i >= exercises.size(); }
  // Block i, known to be a hold.
  [[nodiscard]] const clinic::PlannedAerobic& hold(std::size_t i) const { return holds[i - exercises.size()]; }
  [[nodiscard]] double hold_s(std::size_t i) const { return hold(i).minutes * 60.0; }
  [[nodiscard]] const std::string& id(std::size_t i) const { return is_hold(i) ? hold(i).id : exercises[i].id; }
  [[nodiscard]] const std::string& name(std::size_t i) const { return is_hold(i) ? hold(i).name : exercises[i].name; }
  [[nodiscard]] const std::string& posture(std::size_t i) const { return is_hold(i) ? hold(i).posture : exercises[i].posture; }
  [[nodiscard]] double pct_lop(std::size_t i) const { return is_hold(i) ? hold(i).pct_lop : exercises[i].pct_lop; }
};

}  // namespace bfr::session

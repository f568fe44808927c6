#pragma once
// The pain an athlete reported in one stored session, judged by the plan's pain rule: the highest
// score and whether any score went above the rule of its own exercise. Shared by the progress
// report and the clinic app's pain trend, so that they always agree.

#include <optional>

#include "session/plan_exercises.hpp"
#include "store/store.hpp"

namespace bfr::report {

struct SessionPain {
  std::optional<int> highest;              // none: no score was asked (ended before, or no plan)
  std::optional<session::PainLimit> rule;  // the plan's (every exercise of a plan shares its program's rule)
  bool above_rule = false;                 // some score above the rule of its exercise
};

SessionPain session_pain(store::Store& store, const store::Session& session);
// The same from the session's exercises (its plan's) and its scores, already read.
SessionPain session_pain(const std::vector<session::SessionExercise>& exercises, const std::vector<store::PainScore>& scores);

}  // namespace bfr::report

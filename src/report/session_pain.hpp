#pragma once
// The pain an athlete reported in one stored session, judged by the plan's pain rule: the highest
// score and whether any score went above the rule. Shared by the progress
// report and the clinic app's pain trend, so that they always agree.

#include <optional>

#include "clinic/plan.hpp"
#include "store/store.hpp"

namespace bfr::report {

struct SessionPain {
  std::optional<int> highest;              // none: no score was asked (ended before, or no plan)
  std::optional<clinic::PainRule> rule;  // the plan's (every exercise of a plan shares its program's rule)
  bool above_rule = false;                 // some score above the rule
};

SessionPain session_pain(store::Store& store, const store::Session& session);
// The same from the session's plan (none: no plan, or one that cannot be read) and its scores,
// already read.
SessionPain session_pain(const std::optional<clinic::Plan>& plan, const std::vector<store::PainScore>& scores);

}  // namespace bfr::report

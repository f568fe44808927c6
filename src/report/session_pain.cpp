#include "report/session_pain.hpp"

#include <algorithm>

#include "session/session_plan.hpp"

namespace bfr::report {

SessionPain session_pain(store::Store& store, const store::Session& session) {
  return session_pain(session::plan_of(store, session), store.pain_scores(session.id));
}

SessionPain session_pain(const std::optional<clinic::Plan>& plan, const std::vector<store::PainScore>& scores) {
  SessionPain out;
  if (plan) out.rule = plan->pain_rule;
  for (const auto& p : scores) {
    out.highest = std::max(out.highest.value_or(0), p.score);
    if (out.rule && p.score > out.rule->during_max) out.above_rule = true;
  }
  return out;
}

}  // namespace bfr::report

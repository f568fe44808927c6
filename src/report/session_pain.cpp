#include "report/session_pain.hpp"

#include <algorithm>

namespace bfr::report {

SessionPain session_pain(store::Store& store, const store::Session& session) {
  return session_pain(session::exercises_of(store, session), store.pain_scores(session.id));
}

SessionPain session_pain(const std::vector<session::SessionExercise>& exercises, const std::vector<store::PainScore>& scores) {
  SessionPain out;
  if (!exercises.empty()) out.rule = exercises.front().pain;
  for (const auto& p : scores) {
    out.highest = std::max(out.highest.value_or(0), p.score);
    const auto x = std::find_if(exercises.begin(), exercises.end(), [&](const auto& e) { return e.id == p.exercise; });
    const auto* rule = x != exercises.end() ? &x->pain : (out.rule ? &*out.rule : nullptr);
    if (rule != nullptr && p.score > rule->during_max) out.above_rule = true;
  }
  return out;
}

}  // namespace bfr::report

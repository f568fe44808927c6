#include "session/session_plan.hpp"

#include <stdexcept>

#include "clinic/plan_from_json.hpp"

namespace bfr::session {

namespace {
// The device accepts 0-80 %LOP and up to 100 repetitions a set (docs/protocol.md).
constexpr double kHighestPctLop = 80.0;
constexpr int kMostReps = 100;
// A rest longer than this is not a rest with the cuff on (Patterson et al. 2019: 30-60 s).
constexpr double kLongestRestS = 600.0;

void check_for_the_cuff(const clinic::PlannedExercise& x, const std::string& where) {
  if (x.reps.empty()) throw std::invalid_argument(where + ": no sets");
  for (const int r : x.reps)
    if (r < 1 || r > kMostReps) throw std::invalid_argument(where + ": a set of " + std::to_string(r) + " repetitions (1-100 allowed)");
  if (x.pct_lop <= 0.0 || x.pct_lop > kHighestPctLop)
    throw std::invalid_argument(where + ": " + std::to_string(x.pct_lop) + " %LOP is outside 0-80 %");
  if (x.rest_s < 0.0 || x.rest_s > kLongestRestS) throw std::invalid_argument(where + ": rest must be 0-600 s");
}

// A continuous hold: 40-80 %LOP (the device's 0-80 %) for up to 20 minutes, the longest the device
// plans for (core::limits::kLongestPrescribedHold, docs/protocol.md: start's planned hold).
constexpr double kLongestHoldMinutes = 20.0;
void check_for_the_cuff(const clinic::PlannedAerobic& a, const std::string& where) {
  if (a.pct_lop <= 0.0 || a.pct_lop > kHighestPctLop)
    throw std::invalid_argument(where + ": " + std::to_string(a.pct_lop) + " %LOP is outside 0-80 %");
  if (a.minutes <= 0.0 || a.minutes > kLongestHoldMinutes)
    throw std::invalid_argument(where + ": a hold of " + std::to_string(a.minutes) + " minutes (up to 20 allowed)");
}
}  // namespace

clinic::Plan plan_for_the_cuff(const std::string& plan_json) {
  auto plan = clinic::plan_from_json(plan_json);
  if (plan.refusal) throw std::invalid_argument("the plan was refused, so there is nothing to run: " + plan.refusal->text);
  for (std::size_t i = 0; i < plan.exercises.size(); ++i) check_for_the_cuff(plan.exercises[i], "plan exercises[" + std::to_string(i) + "]");
  for (std::size_t i = 0; i < plan.aerobic.size(); ++i) check_for_the_cuff(plan.aerobic[i], "plan aerobic[" + std::to_string(i) + "]");
  if (plan.exercises.empty() && plan.aerobic.empty()) throw std::invalid_argument("the plan has no exercises with the cuff");
  return plan;
}

std::optional<clinic::Plan> plan_of(store::Store& store, const store::Session& session) {
  if (!session.plan_id) return std::nullopt;
  const auto plan = store.plan(*session.plan_id);
  return plan ? clinic::plan_from_json_or_none(plan->plan_json) : std::nullopt;
}

std::string exercise_name(const std::optional<clinic::Plan>& plan, const std::string& exercise_id) {
  if (plan)
    for (const auto& x : plan->exercises)
      if (x.id == exercise_id) return x.name;
  if (plan)
    for (const auto& a : plan->aerobic)
      if (a.id == exercise_id) return a.name;
  return exercise_id;
}

int planned_sets(const clinic::Plan& plan) {
  int n = 0;
  for (const auto& x : plan.exercises) n += static_cast<int>(x.reps.size());
  return n;
}

}  // namespace bfr::session

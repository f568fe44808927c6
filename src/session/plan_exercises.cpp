#include "session/plan_exercises.hpp"

#include <nlohmann/json.hpp>

#include "clinic/knowledge_base.hpp"

namespace bfr::session {

namespace {
// The device accepts 0-80 %LOP and up to 100 repetitions a set (docs/protocol.md).
constexpr double kHighestPctLop = 80.0;
constexpr int kMostReps = 100;
}  // namespace

std::vector<SessionExercise> exercises_from_plan(const std::string& plan_json) {
  const auto j = nlohmann::json::parse(plan_json, nullptr, false);
  if (j.is_discarded() || !j.is_object()) throw std::invalid_argument("the stored plan is not a JSON object");
  if (!j.contains("exercises") || !j["exercises"].is_array())
    throw std::invalid_argument("the stored plan has no 'exercises' list (was it made by `bfr plan`?)");
  PainLimit pain;
  if (j.contains("pain_rule")) {
    try {
      const auto& r = j["pain_rule"];
      pain = {r.at("name").get<std::string>(), r.at("site").get<std::string>(), r.at("during_max").get<int>(), r.at("text").get<std::string>()};
    } catch (const nlohmann::json::exception& ex) {
      throw std::invalid_argument(std::string("plan pain_rule: ") + ex.what());
    }
    if (pain.during_max < 0 || pain.during_max > 10) throw std::invalid_argument("plan pain_rule: during_max must be 0-10");
  }
  std::vector<SessionExercise> out;
  std::size_t i = 0;
  for (const auto& e : j["exercises"]) {
    const auto where = "plan exercises[" + std::to_string(i++) + "]";
    try {
      SessionExercise x;
      x.id = e.at("id").get<std::string>();
      x.name = e.at("name").get<std::string>();
      x.posture = e.value("posture", std::string());
      if (!x.posture.empty() && !clinic::is_posture(x.posture))
        throw std::invalid_argument(where + ": posture '" + x.posture + "' (supine, prone, seated or standing)");
      x.reps = e.at("reps").get<std::vector<int>>();
      x.rest_s = e.at("rest_s").get<double>();
      x.pct_lop = e.at("pct_lop").get<double>();
      x.load_pct_1rm = e.value("load_pct_1rm", 0.0);
      if (e.contains("load_kg") && e["load_kg"].is_number()) x.load_kg = e["load_kg"].get<double>();
      x.pain = pain;
      if (x.reps.empty()) throw std::invalid_argument(where + ": no sets");
      for (const int r : x.reps)
        if (r < 1 || r > kMostReps) throw std::invalid_argument(where + ": a set of " + std::to_string(r) + " repetitions (1-100 allowed)");
      if (x.pct_lop <= 0.0 || x.pct_lop > kHighestPctLop)
        throw std::invalid_argument(where + ": " + std::to_string(x.pct_lop) + " %LOP is outside 0-80 %");
      if (x.rest_s < 0.0 || x.rest_s > 600.0) throw std::invalid_argument(where + ": rest must be 0-600 s");
      out.push_back(std::move(x));
    } catch (const nlohmann::json::exception& ex) {
      throw std::invalid_argument(where + ": " + ex.what());
    }
  }
  if (out.empty()) throw std::invalid_argument("the plan has no exercises with the cuff");
  return out;
}

std::vector<SessionExercise> exercises_of(store::Store& store, const store::Session& session) {
  if (!session.plan_id) return {};
  const auto plan = store.plan(*session.plan_id);
  return plan ? exercises_from_plan_or_none(plan->plan_json) : std::vector<SessionExercise>{};
}

std::vector<SessionExercise> exercises_from_plan_or_none(const std::string& plan_json) {
  try {
    return exercises_from_plan(plan_json);
  } catch (const std::invalid_argument&) {
    return {};
  }
}

}  // namespace bfr::session

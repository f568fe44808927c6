#include "clinic/plan_from_json.hpp"

#include <stdexcept>

namespace bfr::clinic {

namespace {

using nlohmann::json;

// plan_to_json writes a source as {id, citation}; the id is the source.
std::vector<std::string> source_ids(const json& j) {
  std::vector<std::string> out;
  if (!j.is_array()) return out;
  for (const auto& s : j) out.push_back(s.is_string() ? s.get<std::string>() : s.at("id").get<std::string>());
  return out;
}

Sourced sourced_from(const json& j) { return {j.at("text").get<std::string>(), source_ids(j.value("sources", json::array()))}; }

Sourced sourced_field(const json& j, const char* field) { return j.contains(field) ? sourced_from(j[field]) : Sourced{}; }

std::vector<Sourced> sourced_list(const json& j, const char* field) {
  std::vector<Sourced> out;
  if (j.contains(field))
    for (const auto& s : j[field]) out.push_back(sourced_from(s));
  return out;
}

std::optional<double> number_or_none(const json& j, const char* field) {
  if (j.contains(field) && j[field].is_number()) return j[field].get<double>();
  return std::nullopt;
}

PlannedExercise exercise_from(const json& e) {
  PlannedExercise x;
  x.id = e.at("id").get<std::string>();
  x.name = e.at("name").get<std::string>();
  x.load_pct_1rm = e.value("load_pct_1rm", 0.0);
  x.one_rm_kg = number_or_none(e, "one_rm_kg_uninjured_limb");
  x.load_kg = number_or_none(e, "load_kg");
  x.titrated = e.value("load_basis", std::string("titrate")).rfind("titrate", 0) == 0;
  x.reps = e.at("reps").get<std::vector<int>>();
  x.rest_s = e.at("rest_s").get<double>();
  x.posture = e.value("posture", std::string());  // empty: stored before postures were recorded
  if (!x.posture.empty() && !is_posture(x.posture)) throw std::invalid_argument("posture '" + x.posture + "' (supine, prone, seated or standing)");
  x.pct_lop = e.at("pct_lop").get<double>();
  x.pressure_mmHg = number_or_none(e, "pressure_mmHg");
  x.cuff_minutes = e.value("cuff_minutes", 0.0);
  if (e.contains("range_limit")) x.range_limit = sourced_from(e["range_limit"]);
  x.sources = source_ids(e.value("sources", json::array()));
  return x;
}

PlannedAerobic aerobic_from(const json& a) {
  PlannedAerobic x;
  x.id = a.at("id").get<std::string>();
  x.name = a.at("name").get<std::string>();
  x.posture = a.value("posture", std::string());
  x.minutes = a.at("minutes").get<double>();
  x.pct_lop = a.at("pct_lop").get<double>();
  x.intensity = a.value("intensity", std::string());
  x.pressure_mmHg = number_or_none(a, "pressure_mmHg");
  x.sources = source_ids(a.value("sources", json::array()));
  return x;
}

PainRule pain_rule_from(const json& r) {
  PainRule rule{r.value("id", std::string()), r.at("name").get<std::string>(), r.at("site").get<std::string>(), r.at("text").get<std::string>(),
                r.at("during_max").get<int>(), source_ids(r.value("sources", json::array()))};
  if (rule.during_max < 0 || rule.during_max > 10) throw std::invalid_argument("during_max must be 0-10");
  return rule;
}

// Runs `read` for one named part, so that an error names where it is.
template <class F>
auto in_field(const std::string& where, F read) {
  try {
    return read();
  } catch (const json::exception& ex) {
    throw std::invalid_argument(where + ": " + ex.what());
  } catch (const std::invalid_argument& ex) {
    throw std::invalid_argument(where + ": " + ex.what());
  }
}

}  // namespace

PainRule rule_of_older_plans() {
  return {"older_plans", "mild pain that settles (the rule of plans made before rules per injury)", "the injured area",
          "Up to 3/10 at the injured area during exercise, and none the next morning; more means hold the progression and review "
          "with your clinician.",
          3, {}};
}

Plan plan_from_json(const json& j) {
  if (!j.is_object()) throw std::invalid_argument("the stored plan is not a JSON object");
  Plan p;
  if (const auto v = verdict_named(j.value("screening", std::string()))) p.screening.verdict = *v;
  if (j.contains("refused")) {
    p.refusal = in_field("plan refused", [&] { return sourced_from(j["refused"]); });
    return p;
  }
  if (!j.contains("exercises") || !j["exercises"].is_array())
    throw std::invalid_argument("the stored plan has no 'exercises' list (was it made by `bfr plan`?)");
  in_field("plan", [&] {
    p.program = j.value("program", std::string());
    p.phase = j.value("phase", std::string());
    p.goal = j.value("goal", std::string());
    p.evidence_basis = sourced_field(j, "evidence_basis");
    p.sessions_per_week = j.value("sessions_per_week", 0);
    p.left_out = j.value("left_out_for_equipment", std::vector<std::string>{});
    if (j.contains("lop_mmHg"))
      for (const auto& [posture, mmHg] : j["lop_mmHg"].items())
        p.lop_postures.emplace_back(posture, mmHg.is_number() ? std::optional<double>(mmHg.get<double>()) : std::nullopt);
    p.graft_rules = sourced_list(j, "graft_rules");
    p.referrals = sourced_list(j, "referrals");
    p.loads = sourced_list(j, "loads");
    p.progress_when = sourced_field(j, "progress_when");
    p.regress_when = sourced_field(j, "regress_when");
    p.total_cuff_minutes = j.value("total_cuff_minutes", 0.0);
    p.over_cuff_time = j.value("left_out_for_cuff_time", std::vector<std::string>{});
    p.cuff_use = sourced_list(j, "cuff_use");
    p.stop_signs = sourced_list(j, "stop_signs");
    p.return_to_run = sourced_list(j, "return_to_run");
    p.graduation = sourced_list(j, "graduation");
    return 0;
  });
  p.pain_rule = j.contains("pain_rule") ? in_field("plan pain_rule", [&] { return pain_rule_from(j["pain_rule"]); }) : rule_of_older_plans();
  if (j.contains("walk_run"))
    p.walk_run = in_field("plan walk_run", [&] {
      const auto& w = j["walk_run"];
      WalkRun run{w.at("text").get<std::string>(), {}, source_ids(w.value("sources", json::array()))};
      for (const auto& s : w.at("stages")) run.stages.push_back({s.at("run_min").get<double>(), s.at("walk_min").get<double>(), s.at("repeats").get<int>()});
      return run;
    });
  std::size_t i = 0;
  for (const auto& e : j["exercises"]) {
    p.exercises.push_back(in_field("plan exercises[" + std::to_string(i) + "]", [&] { return exercise_from(e); }));
    ++i;
  }
  i = 0;
  if (j.contains("aerobic"))
    for (const auto& a : j["aerobic"]) {
      p.aerobic.push_back(in_field("plan aerobic[" + std::to_string(i) + "]", [&] { return aerobic_from(a); }));
      ++i;
    }
  return p;
}

Plan plan_from_json(const std::string& text) {
  const auto j = json::parse(text, nullptr, false);
  if (j.is_discarded()) throw std::invalid_argument("the stored plan is not JSON");
  return plan_from_json(j);
}

std::optional<Plan> plan_from_json_or_none(const std::string& text) {
  try {
    return plan_from_json(text);
  } catch (const std::invalid_argument&) {
    return std::nullopt;
  }
}

}  // namespace bfr::clinic

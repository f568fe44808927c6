#include "clinic/to_json.hpp"

namespace bfr::clinic {

nlohmann::json cited(const KnowledgeBase& kb, const std::vector<std::string>& ids) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& id : ids) out.push_back({{"id", id}, {"citation", kb.cite(id)}});
  return out;
}

nlohmann::json sourced(const KnowledgeBase& kb, const Sourced& s) { return {{"text", s.text}, {"sources", cited(kb, s.sources)}}; }

namespace {
nlohmann::json sourced_list(const KnowledgeBase& kb, const std::vector<Sourced>& items) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& s : items) out.push_back(sourced(kb, s));
  return out;
}
}  // namespace

nlohmann::json screening_to_json(const KnowledgeBase& kb, const ScreeningResult& r) {
  nlohmann::json j = {{"verdict", to_string(r.verdict)}, {"verdict_id", id_of(r.verdict)}, {"points", r.points}, {"threshold", r.threshold},
                      {"bmi", r.bmi}, {"advice", r.advice}, {"notice", kNotAdvice}, {"reasons", nlohmann::json::array()}};
  for (const auto& reason : r.reasons)
    j["reasons"].push_back({{"id", reason.id}, {"why", reason.text}, {"points", reason.points}, {"sources", cited(kb, reason.sources)}});
  return j;
}

nlohmann::json plan_to_json(const KnowledgeBase& kb, const Plan& plan) {
  nlohmann::json j = {{"screening", to_string(plan.screening.verdict)},
                      {"notice", "Not medical advice: a planning aid for use with a clinician."}};
  if (plan.refusal) {
    j["refused"] = sourced(kb, *plan.refusal);
  } else {
    j["program"] = plan.program;
    j["phase"] = plan.phase;
    j["goal"] = plan.goal;
    j["evidence_basis"] = sourced(kb, plan.evidence_basis);
    j["sessions_per_week"] = plan.sessions_per_week;
    j["exercises"] = nlohmann::json::array();
    for (const auto& e : plan.exercises) {
      nlohmann::json x = {{"id", e.id}, {"name", e.name}, {"load_pct_1rm", e.load_pct_1rm}, {"reps", e.reps},
                          {"rest_s", e.rest_s}, {"posture", e.posture}, {"pct_lop", e.pct_lop}, {"cuff_minutes", e.cuff_minutes},
                          {"sources", e.sources}};
      if (e.one_rm_kg) x["one_rm_kg_uninjured_limb"] = *e.one_rm_kg, x["load_kg"] = *e.load_kg;
      if (e.range_limit) x["range_limit"] = sourced(kb, *e.range_limit);
      x["load_basis"] = e.titrated ? "titrate to about 30 repetitions with the cuff" : "from the uninjured limb's test";
      if (e.pressure_mmHg) x["pressure_mmHg"] = *e.pressure_mmHg;
      j["exercises"].push_back(x);
    }
    j["aerobic"] = nlohmann::json::array();
    for (const auto& a : plan.aerobic) {
      nlohmann::json x = {{"id", a.id}, {"name", a.name}, {"posture", a.posture}, {"minutes", a.minutes}, {"pct_lop", a.pct_lop},
                          {"intensity", a.intensity}, {"sources", a.sources}};
      if (a.pressure_mmHg) x["pressure_mmHg"] = *a.pressure_mmHg;
      j["aerobic"].push_back(x);
    }
    j["left_out_for_equipment"] = plan.left_out;
    // Each posture's LOP, or null: the cuff measures it in that posture before its exercises.
    j["lop_mmHg"] = nlohmann::json::object();
    for (const auto& [posture, mmHg] : plan.lop_postures) j["lop_mmHg"][posture] = mmHg ? nlohmann::json(*mmHg) : nlohmann::json();
    j["graft_rules"] = sourced_list(kb, plan.graft_rules);
    j["referrals"] = sourced_list(kb, plan.referrals);
    j["loads"] = sourced_list(kb, plan.loads);
    j["progress_when"] = sourced(kb, plan.progress_when);
    j["regress_when"] = sourced(kb, plan.regress_when);
    const auto& rule = plan.pain_rule;
    j["pain_rule"] = {{"id", rule.id}, {"name", rule.name}, {"site", rule.site}, {"during_max", rule.during_max},
                      {"text", rule.text}, {"sources", cited(kb, rule.sources)}};
    j["total_cuff_minutes"] = plan.total_cuff_minutes;
    j["left_out_for_cuff_time"] = plan.over_cuff_time;
    j["max_cuff_minutes_per_limb"] = {{"minutes", kb.programs.max_cuff_minutes_per_limb},
                                      {"why", sourced(kb, kb.programs.max_cuff_minutes_per_limb_why)}};
    j["cuff_use"] = sourced_list(kb, plan.cuff_use);
    j["stop_signs"] = sourced_list(kb, plan.stop_signs);
    j["return_to_run"] = sourced_list(kb, plan.return_to_run);
    if (plan.walk_run) {
      nlohmann::json stages = nlohmann::json::array();
      for (const auto& s : plan.walk_run->stages)
        stages.push_back({{"run_min", s.run_min}, {"walk_min", s.walk_min}, {"repeats", s.repeats},
                          {"total_min", (s.run_min + s.walk_min) * s.repeats}});
      j["walk_run"] = {{"text", plan.walk_run->text}, {"stages", stages}, {"sources", cited(kb, plan.walk_run->sources)}};
    }
    j["graduation"] = sourced_list(kb, plan.graduation);
  }
  return j;
}

}  // namespace bfr::clinic

#include "server/athlete_page.hpp"

#include <map>

#include "report/session_pain.hpp"
#include "clinic/plan_from_json.hpp"
#include "server/records_json.hpp"

namespace bfr::server {

nlohmann::json athlete_page(store::Store& s, MetricsCache& metrics, const store::Person& p) {
  using nlohmann::json;
  json out = person_json(p);
  const auto records = s.person_records(p.id);  // one query
  out["screenings"] = json::array();
  for (const auto& x : records.screenings) out["screenings"].push_back(screening_json(x));
  out["lop"] = json::array();
  for (const auto& m : records.lop_measurements) out["lop"].push_back(lop_json(m));
  out["plans"] = json::array();
  // Each plan (and so its pain rule), read once from the plans already here rather than once for
  // each of its sessions.
  std::map<store::Id, std::optional<clinic::Plan>> plans;
  for (const auto& x : records.plans) {
    out["plans"].push_back(plan_json(x));
    plans[x.id] = clinic::plan_from_json_or_none(x.plan_json);
  }
  out["sessions"] = json::array();
  const auto& pains = records.pain_scores;
  for (const auto& x : records.sessions) {
    auto j = session_json(x, metrics.of(s, x));
    // The pain trend: the session's highest score against its plan's rule.
    const auto plan = x.plan_id ? plans.find(*x.plan_id) : plans.end();
    const auto scores = pains.find(x.id);
    const auto pain = report::session_pain(plan != plans.end() ? plan->second : std::nullopt,
                                           scores != pains.end() ? scores->second : std::vector<store::PainScore>{});
    j["pain_max"] = pain.highest ? json(*pain.highest) : json();
    j["pain_rule_max"] = pain.rule ? json(pain.rule->during_max) : json();
    j["pain_above_rule"] = pain.above_rule;
    out["sessions"].push_back(j);
  }
  return out;
}

}  // namespace bfr::server

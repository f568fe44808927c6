// What the knowledge base offers the app: the evidence and the forms' choices.

#include <set>

#include "clinic/plan.hpp"
#include "clinic/to_json.hpp"
#include "clinic/validation.hpp"
#include "server/handlers.hpp"

namespace bfr::server::handlers {

http::Response evidence(Call& call) {
  const auto& kb = call.services.kb;
  json out = {{"notice", clinic::kNotAdvice}, {"claims", json::array()}};
  for (const auto& claim : kb.claims)
    out["claims"].push_back({{"id", claim.id}, {"topic", claim.topic}, {"grade", claim.grade}, {"claim", claim.claim},
                             {"sources", clinic::cited(kb, claim.sources)}});
  return reply(out);
}

// Screening questions, programs, equipment, goals and the postures LOP is measured in.
http::Response forms(Call& call) {
  const auto& kb = call.services.kb;
  json items = json::array(), injuries = json::array(), equipment = json::array();
  for (const auto& i : kb.items) items.push_back({{"id", i.id}, {"question", i.question}, {"level", clinic::to_string(i.level)}});
  for (const auto& p : kb.programs.programs) {
    json sites = json::array();
    for (const auto& s : p.bone_sites) sites.push_back({{"id", s.id}, {"name", s.name}});
    json phases = json::array();
    for (std::size_t n = 0; n < p.phases.size(); ++n) phases.push_back({{"number", n + 1}, {"name", p.phases[n].name}, {"pct_lop", p.phases[n].pct_lop_leg}});
    injuries.push_back({{"id", p.id}, {"name", p.name}, {"phases", phases}, {"bone_sites", sites}, {"graft_types", p.graft_types}});
  }
  json energy = json::array();
  for (const auto& q : kb.programs.bone_stress.energy_questions) energy.push_back({{"id", q.id}, {"question", q.question}});
  injuries.push_back({{"id", "healthy"}, {"name", "Healthy runner (no injury)"}});
  std::set<std::string> kit;
  for (const auto& e : kb.programs.exercises)
    for (const auto& k : e.equipment_any)
      if (!clinic::contains(clinic::kEquipmentEveryoneHas, k)) kit.insert(k);  // nothing to tick for what everyone has
  for (const auto& k : kit) equipment.push_back(k);
  const auto bounds = [](clinic::Bounds b) { return json::array({b.lo, b.hi}); };
  const json person_bounds = {{"age", bounds(clinic::kAgeYears)}, {"height_cm", bounds(clinic::kHeightCm)}, {"weight_kg", bounds(clinic::kWeightKg)}};
  auto& live = call.services.live;
  return reply({{"screening_items", items},
                {"person_bounds", person_bounds},
                {"injuries", injuries},
                {"equipment", equipment},
                {"goals", clinic::kPlanGoals},
                {"postures", clinic::kPostures},
                {"bone_stress", {{"high_risk_sites", kb.programs.bone_stress.high_risk_sites}, {"energy_questions", energy}}},
                {"device", {{"virtual", live.virtual_cuff()}, {"label", live.device_label()}}},
                {"notice", clinic::kNotAdvice}});
}

}  // namespace bfr::server::handlers

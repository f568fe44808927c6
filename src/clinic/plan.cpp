#include "clinic/plan.hpp"

#include "clinic/validation.hpp"

#include <algorithm>
#include <sstream>
#include <stdexcept>
#include <utility>

namespace bfr::clinic {

namespace {
// A measured LOP outside this is a mistyped number, not a limb (the device's own search range).
constexpr double kLowestLop = 50.0, kHighestLop = 300.0;

// The pressure for `pct_lop` from the LOP of this posture only; none if it was not measured.
std::optional<double> pressure(const PlanRequest& req, const std::string& posture, double pct_lop) {
  const auto it = req.lop_mmHg.find(posture);
  if (it == req.lop_mmHg.end()) return std::nullopt;
  return pct_lop / 100.0 * it->second;
}

std::string replace_underscores(std::string s) {
  std::replace(s.begin(), s.end(), '_', ' ');
  return s;
}

// A bone stress injury plan needs its site and every energy question answered: both change what
// is safe, so neither may default.
void check_bone_stress(const PlanRequest& req, const Program& program, const BoneStress& bs) {
  std::vector<std::string> sites;
  for (const auto& s : program.bone_sites) sites.push_back(s.id);
  if (!contains(sites, req.bone_site) && !contains(bs.high_risk_sites, req.bone_site))
    throw std::invalid_argument("bone_site is '" + req.bone_site + "'; the " + program.name + " program needs the site: " + joined(sites) +
                                ", or a high-risk site (" + joined(bs.high_risk_sites) + ")");
  for (const auto& q : bs.energy_questions)
    if (!req.energy.count(q.id))
      throw std::invalid_argument("energy question '" + q.id + "' is not answered (" + q.question +
                                  "): a bone stress injury plan needs every one answered yes or no");
  for (const auto& [id, _] : req.energy)
    if (std::none_of(bs.energy_questions.begin(), bs.energy_questions.end(), [&](const EnergyQuestion& q) { return q.id == id; }))
      throw std::invalid_argument("energy question '" + id + "' is not one of the knowledge base's");
}

bool available(const Exercise& e, const std::vector<std::string>& equipment) {
  for (const auto& need : e.equipment_any)
    if (contains(kEquipmentEveryoneHas, need) || contains(equipment, need)) return true;
  return false;
}

// Every source the screening's reasons cite.
std::vector<std::string> reason_sources(const ScreeningResult& s) {
  std::vector<std::string> sources;
  for (const auto& r : s.reasons) sources.insert(sources.end(), r.sources.begin(), r.sources.end());
  return sources;
}

// The answers that make today a no, in the screening's own words.
std::string today_reasons(const ScreeningResult& s, const KnowledgeBase& kb) {
  std::string out;
  for (const auto& r : s.reasons)
    for (const auto& item : kb.items)
      if (item.id == r.id && item.level == ItemLevel::today) out += (out.empty() ? "" : "; ") + r.text;
  return out;
}
}  // namespace

double estimate_one_rm(double kg, int reps) {
  if (reps < 1 || reps > 10)
    throw std::invalid_argument("reps is " + std::to_string(reps) +
                                "; accepted range 1 to 10 (the estimate is valid for sets of up to 10 to failure: use a heavier load)");
  if (!(kg > 0 && kg <= 500)) throw std::invalid_argument("kg must be above 0 and at most 500");
  return kg / (1.0278 - 0.0278 * reps);
}

Plan make_plan(const PlanRequest& req, const KnowledgeBase& kb) {
  const auto& pr = kb.programs;
  Plan plan;
  plan.screening = screen(req.screening, kb);

  std::string known = "healthy";
  for (const auto& p : pr.programs) known += ", " + p.id;
  const Program* program = pr.program(req.injury);
  if (!program && req.injury != "healthy") throw std::invalid_argument("injury is '" + req.injury + "'; accepted: " + known);
  if (program && req.screening.limb != program->region)
    throw std::invalid_argument("limb is '" + req.screening.limb + "'; the " + program->name + " program is for the " + program->region);
  if (program && (req.phase < 1 || req.phase > static_cast<int>(program->phases.size())))
    throw std::invalid_argument("phase is " + std::to_string(req.phase) + "; the " + program->name + " program has phases 1 to " +
                                std::to_string(program->phases.size()));

  for (const auto& [posture, mmHg] : req.lop_mmHg) {
    if (!is_posture(posture)) throw std::invalid_argument("LOP posture is '" + posture + "'; accepted: " + joined(kPostures));
    check_range(("LOP " + posture + " (mmHg)").c_str(), mmHg, kLowestLop, kHighestLop);
  }
  if (program && !program->bone_sites.empty()) check_bone_stress(req, *program, pr.bone_stress);
  if (program && !program->graft_types.empty() && !contains(program->graft_types, req.graft))
    throw std::invalid_argument("graft is '" + req.graft + "'; the " + program->name + " program needs the graft: " + joined(program->graft_types));
  if (!contains(kPlanGoals, req.goal))
    throw std::invalid_argument("goal is '" + req.goal + "'; accepted: strength, strength_and_fitness");
  const auto& s = plan.screening;
  if (s.verdict == Verdict::seek_care_now || s.verdict == Verdict::not_suitable) {
    plan.refusal = Sourced{std::string("No BFR plan: screening says ") + to_string(s.verdict) + ".", reason_sources(s)};
    return plan;
  }
  if (s.verdict == Verdict::not_today) {
    plan.refusal = Sourced{"No BFR today: " + today_reasons(s, kb) +
                               ". A clearance does not cover it; screen again on the day of the next session.",
                           reason_sources(s)};
    return plan;
  }
  if (program && program->needs_clot_excluded && !req.screening.calf_strain_confirmed) {
    plan.refusal = Sourced{"No " + program->name + " plan: " + program->needs_clot_excluded->text,
                           program->needs_clot_excluded->sources};
    return plan;
  }
  if (program && !program->bone_sites.empty()) {
    const auto& bs = pr.bone_stress;
    const bool high_risk = contains(bs.high_risk_sites, req.bone_site);
    std::string yes;
    for (const auto& q : bs.energy_questions)
      if (req.energy.at(q.id)) yes += (yes.empty() ? "" : "; ") + q.question;
    if (high_risk) {
      if (!req.cleared) {
        plan.refusal = Sourced{"No plan yet for a bone stress injury at the " + replace_underscores(req.bone_site) + ": " + bs.high_risk.text,
                               bs.high_risk.sources};
        return plan;
      }
      plan.referrals.push_back({"Cleared by the clinician for a high-risk site (" + replace_underscores(req.bone_site) + "). " + bs.high_risk.text,
                                bs.high_risk.sources});
    }
    if (!yes.empty()) {
      if (!req.cleared) {
        plan.refusal = Sourced{"No plan yet: " + yes + " " + bs.low_energy.text, bs.low_energy.sources};
        return plan;
      }
      plan.referrals.push_back({"Cleared by the clinician despite signs of low energy availability (" + yes + "). " + bs.low_energy.text,
                                bs.low_energy.sources});
    }
  }
  if (s.verdict == Verdict::needs_clearance && !req.cleared) {
    plan.refusal = Sourced{"No BFR plan yet: screening needs clinician clearance first (then plan again with the clearance recorded).",
                           {"kacin2015", "hughes2017"}};
    return plan;
  }
  if (!program) {
    plan.refusal = pr.healthy_runner;
    return plan;
  }

  const auto& phase = program->phases[static_cast<std::size_t>(req.phase - 1)];
  plan.program = program->name;
  plan.phase = std::to_string(req.phase) + " of " + std::to_string(program->phases.size()) + ": " + phase.name;
  plan.goal = phase.goal + (req.goal == "strength" ? "; resistance work only" : "; with aerobic work under the cuff");
  plan.evidence_basis = {program->evidence_basis, program->evidence_sources};
  plan.sessions_per_week = phase.sessions_per_week;
  plan.progress_when = {"Progress to the next phase when " + phase.progress_when + ".", phase.sources};
  plan.pain_rule = *pr.pain_rule(program->pain_rule);  // the loader checked that it exists
  if (req.phase == static_cast<int>(program->phases.size())) {
    for (const auto& c : program->return_to_run) plan.return_to_run.push_back({c, program->return_to_run_sources});
    plan.walk_run = pr.walk_run;
  }
  plan.regress_when = pr.regress_when;
  plan.cuff_use = pr.cuff_use;
  plan.stop_signs = pr.stop_signs;
  plan.graduation = pr.graduation;

  std::vector<std::string> graft_leaves_out;
  for (const auto& g : program->graft_rules)
    if (g.graft == req.graft && contains(g.phases, req.phase)) {
      plan.graft_rules.push_back(g.why);
      graft_leaves_out.insert(graft_leaves_out.end(), g.leave_out.begin(), g.leave_out.end());
    }
  int total_reps = 0;
  for (int r : pr.reps) total_reps += r;
  const double cuff_s = total_reps * pr.tempo_s_per_rep + static_cast<double>(pr.reps.size() - 1) * pr.rest_s;
  for (const auto& id : phase.exercises) {
    const Exercise* e = pr.exercise(id);
    if (e == nullptr) continue;
    if (!available(*e, req.equipment)) {
      plan.left_out.push_back(e->name);
      continue;
    }
    if (contains(graft_leaves_out, e->id)) continue;  // said in graft_rules
    PlannedExercise pe;
    pe.id = e->id;
    pe.name = e->name;
    pe.load_pct_1rm = phase.load_pct_1rm;
    pe.reps = pr.reps;
    pe.rest_s = pr.rest_s;
    pe.pct_lop = phase.pct_lop_leg;
    pe.posture = e->posture;
    for (const auto& l : program->range_limits)
      if (l.exercise == e->id && contains(l.phases, req.phase)) pe.range_limit = l.limit;
    pe.pressure_mmHg = pressure(req, e->posture, pe.pct_lop);
    pe.cuff_minutes = std::min(cuff_s / 60.0, pr.max_cuff_minutes_per_exercise);
    for (const auto& t : req.tests)
      if (t.exercise == e->id) {
        pe.one_rm_kg = estimate_one_rm(t.kg, t.reps);
        pe.load_kg = *pe.one_rm_kg * pe.load_pct_1rm / 100.0;
        pe.titrated = false;
      }
    pe.sources = phase.sources;
    pe.sources.insert(pe.sources.end(), pr.scheme_sources.begin(), pr.scheme_sources.end());
    if (pe.one_rm_kg) pe.sources.push_back("brzycki1993");
    plan.exercises.push_back(pe);
  }
  for (const auto& id : req.goal == "strength" ? std::vector<std::string>{} : phase.aerobic) {
    const Exercise* e = pr.exercise(id);
    if (e == nullptr) continue;
    if (!available(*e, req.equipment)) {
      plan.left_out.push_back(e->name);
      continue;
    }
    PlannedAerobic a{e->id, e->name, pr.aerobic_intensity, e->posture, pr.aerobic_minutes, pr.aerobic_pct_lop,
                     pressure(req, e->posture, pr.aerobic_pct_lop), pr.aerobic_sources};
    plan.aerobic.push_back(a);
  }
  if (plan.exercises.empty()) {
    std::vector<std::string> needs;  // each piece once, in the phase's order
    for (const auto& id : phase.exercises)
      if (const Exercise* e = pr.exercise(id))
        for (const auto& n : e->equipment_any)
          if (auto words = replace_underscores(n); !contains(needs, words)) needs.push_back(std::move(words));
    plan.refusal = Sourced{"No exercise of phase " + plan.phase + " is possible with the equipment given" +
                               (req.equipment.empty() ? " (none besides bodyweight)" : "") + ". Any of these would make one possible: " + joined(needs) + ".",
                           {"openbfr_clinical_judgement"}};
  }
  const auto add_posture = [&](const std::string& posture) {
    for (const auto& [p, _] : plan.lop_postures)
      if (p == posture) return;
    const auto it = req.lop_mmHg.find(posture);
    plan.lop_postures.emplace_back(posture, it == req.lop_mmHg.end() ? std::nullopt : std::optional<double>(it->second));
  };
  for (const auto& e : plan.exercises) add_posture(e.posture);
  for (const auto& a : plan.aerobic) add_posture(a.posture);
  const auto any = [&](bool titrated) {
    return std::any_of(plan.exercises.begin(), plan.exercises.end(), [&](const PlannedExercise& e) { return e.titrated == titrated; });
  };
  if (any(false)) plan.loads.push_back(pr.load_from_other_limb);
  if (any(true)) plan.loads.push_back(pr.load_titrated);
  for (const auto& e : plan.exercises) plan.total_cuff_minutes += e.cuff_minutes;
  for (const auto& a : plan.aerobic) plan.total_cuff_minutes += a.minutes;
  // Over the per-limb cap (one limb per plan): the aerobic blocks go first, then the last exercises.
  while (plan.total_cuff_minutes > pr.max_cuff_minutes_per_limb + 1e-9 && plan.exercises.size() + plan.aerobic.size() > 1) {
    if (!plan.aerobic.empty()) {
      plan.total_cuff_minutes -= plan.aerobic.back().minutes;
      plan.over_cuff_time.push_back(plan.aerobic.back().name);
      plan.aerobic.pop_back();
    } else {
      plan.total_cuff_minutes -= plan.exercises.back().cuff_minutes;
      plan.over_cuff_time.push_back(plan.exercises.back().name);
      plan.exercises.pop_back();
    }
  }
  return plan;
}

}  // namespace bfr::clinic

// `bfr plan`: a BFR program for an injured runner, after screening, with sources.

#include <fmt/format.h>

#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/commands.hpp"
#include "clinic/plan.hpp"
#include "clinic/to_json.hpp"
#include "clinic/validation.hpp"
#include "store/store.hpp"

namespace bfr::cli {

namespace {

struct PlanOptions {
  std::string answers, injury, equipment, goal = "strength_and_fitness";
  int phase = 1;
  std::vector<std::string> lops;  // POSTURE=MMHG
  bool cleared = false, json = false;
  std::vector<std::string> tests;
  std::string bone_site, graft;
  std::optional<std::string> energy_yes;  // "none" or the ids answered yes
  store::Id person = 0;  // 0: do not store
};

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::stringstream in(s);
  for (std::string part; std::getline(in, part, sep);)
    if (!part.empty()) out.push_back(part);
  return out;
}

clinic::RepsToFailure parse_test(const std::string& t) {
  const auto parts = split(t, ':');
  if (parts.size() != 3) throw std::invalid_argument("--test '" + t + "' must be EXERCISE:KG:REPS, e.g. knee_extension:40:8");
  try {
    return {parts[0], std::stod(parts[1]), std::stoi(parts[2])};
  } catch (const std::exception&) {
    throw std::invalid_argument("--test '" + t + "': KG and REPS must be numbers");
  }
}

// `--lop seated=204`: the LOP measured in one posture. A bare number is refused: one LOP is not
// every posture's (Hughes et al. 2018), and silently reusing it could put a lying exercise above 100 %.
std::pair<std::string, double> parse_lop(const std::string& s) {
  const auto eq = s.find('=');
  if (eq == std::string::npos)
    throw std::invalid_argument("--lop '" + s + "' must name the posture it was measured in: POSTURE=MMHG, e.g. --lop seated=" + s +
                                " (supine, prone, seated or standing; repeat --lop for each)");
  try {
    std::size_t used = 0;
    const double mmHg = std::stod(s.substr(eq + 1), &used);
    if (used != s.size() - eq - 1) throw std::invalid_argument("trailing text");
    return {s.substr(0, eq), mmHg};
  } catch (const std::exception&) {
    throw std::invalid_argument("--lop '" + s + "': MMHG must be a number, e.g. seated=204");
  }
}

// The statement after `lead`, then its sources indented beneath it.
void print_sourced(const clinic::KnowledgeBase& kb, const clinic::Sourced& s, const char* lead) {
  fmt::print("{}{}\n", lead, s.text);
  for (const auto& id : s.sources) {
    const auto& r = kb.reference(id);
    fmt::print("      [{}] {} {}\n", id, r.authors, r.year);
  }
}

void run(const PlanOptions& o) {
  try {
    const auto kb = clinic::load_knowledge_base(clinic::default_data_dir());
    clinic::PlanRequest req;
    req.screening = clinic::load_answers(o.answers);
    req.injury = o.injury;
    req.phase = o.phase;
    req.equipment = split(o.equipment, ',');
    for (const auto& l : o.lops) {
      const auto [posture, mmHg] = parse_lop(l);
      if (req.lop_mmHg.count(posture)) throw std::invalid_argument("--lop gives " + posture + " twice");
      req.lop_mmHg[posture] = mmHg;
    }
    req.cleared = o.cleared;
    req.goal = o.goal;
    for (const auto& t : o.tests) req.tests.push_back(parse_test(t));
    req.bone_site = o.bone_site;
    req.graft = o.graft;
    if (const auto* program = kb.programs.program(o.injury); program && !program->bone_sites.empty()) {
      std::string questions;
      for (const auto& q : kb.programs.bone_stress.energy_questions) questions += fmt::format("\n  {}: {}", q.id, q.question);
      if (!o.energy_yes)
        throw std::invalid_argument("a bone stress injury plan needs the energy questions answered: --energy-yes none, or the ids "
                                    "answered yes, comma-separated:" + questions);
      const auto yes = o.energy_yes == "none" ? std::vector<std::string>{} : split(*o.energy_yes, ',');
      for (const auto& q : kb.programs.bone_stress.energy_questions)
        req.energy[q.id] = clinic::contains(yes, q.id);
      for (const auto& id : yes)
        if (!req.energy.count(id)) throw std::invalid_argument("--energy-yes names '" + id + "', not one of:" + questions);
    }
    const auto plan = clinic::make_plan(req, kb);
    auto j = clinic::plan_to_json(kb, plan);
    std::optional<store::Id> saved;
    if (o.person) {
      if (plan.refusal) throw std::invalid_argument("no plan to store: " + plan.refusal->text);
      auto db = store::open_store(database_url());
      if (!db->person(o.person)) throw std::invalid_argument(fmt::format("no person {} in the database (bfr person list)", o.person));
      saved = db->add_plan({0, o.person, "", plan.program, plan.phase, j.dump()});
      j["plan_id"] = *saved;
      j["person_id"] = o.person;
    }
    if (o.json) {
      std::cout << j.dump(2) << "\n";
      return;
    }
    fmt::print("Screening: {}\n", clinic::to_string(plan.screening.verdict));
    if (plan.refusal) {
      print_sourced(kb, *plan.refusal, "");
      fmt::print("Not medical advice.\n");
      return;
    }
    fmt::print("\n{}: phase {}\nGoal: {}\n", plan.program, plan.phase, plan.goal);
    print_sourced(kb, plan.evidence_basis, "Evidence: ");
    for (const auto& s : plan.referrals) print_sourced(kb, s, "Clinician: ");
    for (const auto& s : plan.graft_rules) print_sourced(kb, s, "Graft: ");
    fmt::print("\n{} sessions a week. Each exercise: {} reps, {:.0f} s rests with the cuff on.\n", plan.sessions_per_week,
               fmt::join(plan.exercises.front().reps, "-"), plan.exercises.front().rest_s);
    for (const auto& e : plan.exercises) {
      fmt::print("  {:<40} {:<8} {:.0f} % 1RM{}   {:.0f} % LOP{}   cuff on {:.1f} min\n", e.name, e.posture, e.load_pct_1rm,
                 e.load_kg ? fmt::format(" = {:.1f} kg (uninjured limb's 1RM {:.1f} kg)", *e.load_kg, *e.one_rm_kg) : " (titrate: ~30 reps)",
                 e.pct_lop,
                 e.pressure_mmHg ? fmt::format(" = {:.0f} mmHg", *e.pressure_mmHg) : "", e.cuff_minutes);
      if (e.range_limit) print_sourced(kb, *e.range_limit, "      Range: ");
    }
    for (const auto& a : plan.aerobic)
      fmt::print("  {:<40} {:<8} {:.0f} min at {:.0f} % LOP{}, {}\n", a.name, a.posture, a.minutes, a.pct_lop,
                 a.pressure_mmHg ? fmt::format(" = {:.0f} mmHg", *a.pressure_mmHg) : "", a.intensity);
    if (!plan.left_out.empty()) fmt::print("  (left out for lack of equipment: {})\n", fmt::join(plan.left_out, ", "));
    fmt::print("\nLoads:\n");
    for (const auto& s : plan.loads) print_sourced(kb, s, "  - ");
    fmt::print("\nLOP is measured with the cuff in each exercise's posture, before its first exercise of every session "
               "(bfr session run, or the web app's session page); one posture's LOP is never used for another.\n");
    for (const auto& [posture, mmHg] : plan.lop_postures)
      fmt::print("  LOP {:<8} {}\n", posture,
                 mmHg ? fmt::format("{:.0f} mmHg (given)", *mmHg) : std::string("not given: pressures in mmHg once it is measured (--lop " + posture + "=MMHG)"));
    fmt::print("\nCuff on in total: {:.1f} min on this limb (at most {:.0f} a session), deflated between exercises.\n",
               plan.total_cuff_minutes, kb.programs.max_cuff_minutes_per_limb);
    if (!plan.over_cuff_time.empty())
      fmt::print("  (left out to stay within it: {})\n", fmt::join(plan.over_cuff_time, ", "));
    for (const auto& s : plan.cuff_use) print_sourced(kb, s, "  - ");
    fmt::print("\n");
    print_sourced(kb, {fmt::format("Pain rule ({}): {}", plan.pain_rule.name, plan.pain_rule.text), plan.pain_rule.sources}, "");
    print_sourced(kb, plan.progress_when, "");
    print_sourced(kb, plan.regress_when, "");
    fmt::print("\nStop signs:\n");
    for (const auto& s : plan.stop_signs) print_sourced(kb, s, "  - ");
    fmt::print("\nGraduation:\n");
    for (const auto& s : plan.graduation) print_sourced(kb, s, "  - ");
    if (!plan.return_to_run.empty()) {
      fmt::print("\nReturn to running, when all of these are met:\n");
      for (const auto& s : plan.return_to_run) fmt::print("  - {}\n", s.text);
      print_sourced(kb, {"Sources of these criteria:", plan.return_to_run.front().sources}, "    ");
    }
    if (plan.walk_run) {
      print_sourced(kb, {plan.walk_run->text, plan.walk_run->sources}, "\nWalk-run: ");
      int stage = 0;
      for (const auto& s : plan.walk_run->stages)
        fmt::print("  stage {}: {}\n", ++stage,
                   s.walk_min > 0 ? fmt::format("run {:g} min, walk {:g} min, x{} ({:g} min)", s.run_min, s.walk_min, s.repeats,
                                                (s.run_min + s.walk_min) * s.repeats)
                                  : fmt::format("run {:g} min without a break", s.run_min * s.repeats));
    }
    if (saved) fmt::print("\nSaved as plan {} for person {}: bfr session run --person {} --plan {}\n", *saved, o.person, o.person, *saved);
    fmt::print("\nNot medical advice: a planning aid for use with a clinician. `bfr explain references` lists every source.\n");
  } catch (const clinic::DataError& e) {
    fmt::print(stderr, "bfr plan: the clinical data are invalid: {}\n", e.what());
    set_exit_code(kExitBadInput);
  } catch (const std::invalid_argument& e) {
    fmt::print(stderr, "bfr plan: {}\n", e.what());
    set_exit_code(kExitBadInput);
  } catch (const store::StoreError& e) {
    fmt::print(stderr, "bfr plan: {}\n", e.what());
    set_exit_code(kExitBadInput);
  }
}

}  // namespace

void add_plan_command(CLI::App& app) {
  auto o = std::make_shared<PlanOptions>();
  auto* cmd = app.add_subcommand("plan", "A BFR program for an injured runner, after screening, with sources");
  cmd->add_option("--answers", o->answers, "Screening answers file (bfr screen --answers format)")->required();
  cmd->add_option("--injury", o->injury, "tibial_bone_stress_injury, metatarsal_bone_stress_injury, achilles_tendinopathy, "
                                         "patellar_tendinopathy, acl_reconstruction, lateral_ankle_sprain, calf_strain, "
                                         "hamstring_strain, or healthy")->required();
  cmd->add_option("--phase", o->phase, "Phase of the program, from 1");
  cmd->add_option("--equipment", o->equipment, "Comma-separated: leg_press, knee_extension_machine, hamstring_curl_machine, "
                                               "calf_machine, cable, bands, dumbbells, bike, treadmill");
  cmd->add_option("--lop", o->lops, "LOP measured with the cuff in a posture, POSTURE=MMHG (supine, prone, seated, standing; "
                                    "50-300 mmHg); repeatable. Exercises in that posture get pressures in mmHg");
  cmd->add_option("--test", o->tests, "A set to failure with the UNINJURED limb, for a starting load: EXERCISE:KG:REPS (1-10 reps); "
                                     "repeatable. Without it the load is titrated to about 30 repetitions with the cuff");
  cmd->add_option("--bone-site", o->bone_site, "Bone stress injuries: the site, e.g. posteromedial_tibial_shaft or "
                                               "second_to_fourth_metatarsal_shaft (a high-risk site needs --cleared)");
  cmd->add_option("--energy-yes", o->energy_yes, "Bone stress injuries: the low-energy-availability questions answered yes "
                                                 "(comma-separated ids), or none; an error lists them");
  cmd->add_option("--graft", o->graft, "ACL reconstruction: patellar_tendon, hamstring, quadriceps_tendon or allograft");
  cmd->add_option("--goal", o->goal, "strength, or strength_and_fitness (default: adds walking or cycling under the cuff)");
  cmd->add_flag("--cleared", o->cleared, "A clinician has cleared BFR for this person");
  cmd->add_flag("--json", o->json, "Print the plan as JSON");
  cmd->add_option("--person", o->person, "Store the plan for this person (bfr person add), for bfr session run")->check(CLI::PositiveNumber);
  cmd->callback([o] { run(*o); });
}

}  // namespace bfr::cli

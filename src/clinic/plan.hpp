#pragma once
// A BFR program for an injured runner: screening first (no plan for anyone not suitable, none
// without clearance where clearance is needed, none for a healthy runner), then the phase of the
// injury's program, the exercises the equipment allows, load, pressure, volume, progression,
// stop signs and graduation, every statement with its sources. Same request, same plan.

#include <array>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "clinic/knowledge_base.hpp"
#include "clinic/screening.hpp"

namespace bfr::clinic {

// The goals a plan accepts: resistance work only, or with walking or cycling under the cuff.
inline constexpr std::array<const char*, 2> kPlanGoals{"strength", "strength_and_fitness"};

// What every athlete has: exercises that need only these are always possible, whatever
// equipment a plan request lists.
inline constexpr std::array<const char*, 2> kEquipmentEveryoneHas{"bodyweight", "outdoors"};

// A set to failure with the uninjured limb: the injured limb is never tested to failure.
struct RepsToFailure {
  std::string exercise;
  double kg = 0;
  int reps = 0;
};

struct PlanRequest {
  ScreeningAnswers screening;
  std::string injury;  // a program id, or "healthy"
  int phase = 1;
  std::vector<std::string> equipment;  // what is at hand besides kEquipmentEveryoneHas; empty: nothing else
  // LOP measured with the cuff, by posture (kPostures), for pressures in mmHg. An exercise gets a
  // pressure only from the LOP of its own posture: never another posture's.
  std::map<std::string, double> lop_mmHg;
  bool cleared = false;            // a clinician has cleared BFR for this person
  // "strength" (resistance work only) or "strength_and_fitness" (with walking or cycling under
  // the cuff where the phase has it: for a runner who cannot run yet).
  std::string goal = "strength_and_fitness";
  std::vector<RepsToFailure> tests;  // with the uninjured limb
  // Bone stress injury programs only: the site (a program's bone_sites or a high-risk site), and
  // every energy question (data/programs.json bone_stress) answered yes or no.
  std::string bone_site;
  std::map<std::string, bool> energy;
  std::string graft;  // ACL reconstruction only: one of the program's graft_types
};

struct PlannedExercise {
  std::string id, name;
  double load_pct_1rm = 0;
  std::optional<double> one_rm_kg, load_kg;  // the uninjured limb's 1RM and the starting load from it
  bool titrated = true;                      // no test: titrate to about 30 repetitions with the cuff
  std::vector<int> reps;
  double rest_s = 0;
  std::string posture;  // LOP is measured in it
  double pct_lop = 0;
  std::optional<double> pressure_mmHg;
  double cuff_minutes = 0;
  std::optional<Sourced> range_limit;  // e.g. knee extension 90-45 degrees early after ACL reconstruction
  std::vector<std::string> sources;
};

struct PlannedAerobic {
  std::string id, name, intensity, posture;
  double minutes = 0, pct_lop = 0;
  std::optional<double> pressure_mmHg;
  std::vector<std::string> sources;
};

struct Plan {
  ScreeningResult screening;
  std::optional<Sourced> refusal;  // set when no plan is made, with why
  std::string program, phase, goal;
  Sourced evidence_basis;
  std::vector<PlannedExercise> exercises;
  std::vector<PlannedAerobic> aerobic;
  std::vector<std::string> left_out;  // exercises the equipment does not allow
  // The postures the plan's exercises are done in and their LOP (when given): each is measured
  // with the cuff in that posture before its exercises.
  std::vector<std::pair<std::string, std::optional<double>>> lop_postures;
  int sessions_per_week = 0;
  double total_cuff_minutes = 0;  // every exercise's cuff time and the aerobic minutes
  std::vector<std::string> over_cuff_time;  // left out to keep the limb within the session's cap
  // Said with the plan when a clearance let it through a bone stress injury's high-risk site or
  // signs of low energy availability: the clinician manages these.
  std::vector<Sourced> referrals;
  std::vector<Sourced> graft_rules;  // what the graft changes in this phase, and why
  std::vector<Sourced> loads;  // how the loads were set: from the uninjured limb, titrated, or both
  Sourced progress_when, regress_when;
  PainRule pain_rule;  // the program's: how much pain at the injured tissue is acceptable
  std::vector<Sourced> cuff_use, stop_signs, graduation;
  // In the program's last phase: the injury's return-to-run criteria and the walk-run progression
  // that follows them. Empty before.
  std::vector<Sourced> return_to_run;
  std::optional<WalkRun> walk_run;  // where the cuff goes and rests between exercises
};

// One-repetition maximum from a set taken to failure (Brzycki 1993): 1RM = kg / (1.0278 -
// 0.0278 reps), valid for 1-10 repetitions. Throws std::invalid_argument outside that.
double estimate_one_rm(double kg, int reps);

// Throws std::invalid_argument for an unknown injury, phase, limb or posture, or an LOP outside
// 50-300 mmHg, naming the accepted values.
Plan make_plan(const PlanRequest& request, const KnowledgeBase& kb);

}  // namespace bfr::clinic

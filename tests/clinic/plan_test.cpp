#include "clinic/plan.hpp"
#include "clinic/plan_from_json.hpp"
#include "clinic/to_json.hpp"
#include "project_knowledge_base.hpp"

#include <cmath>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

namespace bfr::clinic {
namespace {

using ::testing::HasSubstr;

const KnowledgeBase& kb() { return test_data::project_kb(); }

PlanRequest healthy_adult(const std::string& injury, int phase = 1) {
  PlanRequest r;
  r.screening.person = {28, false, 180, 72};
  r.screening.limb = "leg";
  for (const auto& i : kb().items) r.screening.yes[i.id] = false;
  r.injury = injury;
  r.phase = phase;
  r.equipment = {"leg_press", "knee_extension_machine", "hamstring_curl_machine", "calf_machine", "bike", "treadmill"};
  // A calf strain is treated only once a clinician has excluded a clot.
  if (const auto* p = kb().programs.program(injury); p && p->needs_clot_excluded)
    r.screening.calf_strain_confirmed = ClotExcluded{"Dr A. Example", "2026-11-20"};
  if (const auto* p = kb().programs.program(injury); p && !p->graft_types.empty()) r.graft = "patellar_tendon";
  // A bone stress injury at a low-risk site, every energy question answered no.
  if (const auto* p = kb().programs.program(injury); p && !p->bone_sites.empty()) {
    r.bone_site = p->bone_sites.front().id;
    for (const auto& q : kb().programs.bone_stress.energy_questions) r.energy[q.id] = false;
  }
  return r;
}

TEST(Plan, OneRepMaxFromRepsToFailureFollowsBrzycki) {
  EXPECT_NEAR(estimate_one_rm(60, 8), 60 / (1.0278 - 0.0278 * 8), 1e-9);
  EXPECT_NEAR(estimate_one_rm(100, 1), 100 / 1.0, 1e-9);
  EXPECT_THROW(estimate_one_rm(40, 15), std::invalid_argument);
}

TEST(Plan, EveryRunnerProgramMakesAPlanInEveryPhase) {
  for (const auto& p : kb().programs.programs)
    for (int ph = 1; ph <= static_cast<int>(p.phases.size()); ++ph) {
      const auto plan = make_plan(healthy_adult(p.id, ph), kb());
      ASSERT_FALSE(plan.refusal) << p.id << " phase " << ph << ": " << plan.refusal->text;
      EXPECT_FALSE(plan.exercises.empty());
      EXPECT_FALSE(plan.evidence_basis.sources.empty());
      EXPECT_THAT(plan.evidence_basis.text, ::testing::AnyOf(HasSubstr("extension"), HasSubstr("directly")));
    }
}

TEST(Plan, PressuresAndLoadsComeFromTheMeasuredLopAndTheTest) {
  auto r = healthy_adult("acl_reconstruction", 2);
  r.lop_mmHg = {{"seated", 200.0}};
  r.tests = {{"leg_press", 100.0, 10}};
  const auto plan = make_plan(r, kb());
  ASSERT_FALSE(plan.refusal);
  const auto& press = *std::find_if(plan.exercises.begin(), plan.exercises.end(), [](const auto& e) { return e.id == "leg_press"; });
  EXPECT_NEAR(*press.pressure_mmHg, 160.0, 1e-9);  // 80 % of 200, as in the ACL trial (Hughes et al. 2019)
  EXPECT_NEAR(*press.load_kg, 0.30 * 100.0 / (1.0278 - 0.278), 1e-9);
  EXPECT_NEAR(press.cuff_minutes, (75 * 2 + 3 * 30) / 60.0, 1e-9);
}

// Issue 13: the injured limb is never tested to failure. A test is the uninjured limb's and gives
// a starting load; without one the load is titrated to about 30 repetitions with the cuff.
TEST(Plan, LoadsComeFromTheUninjuredLimbOrAreTitratedNeverFromAFailureTestOfTheInjuredOne) {
  auto r = healthy_adult("acl_reconstruction", 2);
  auto plan = make_plan(r, kb());
  ASSERT_FALSE(plan.refusal);
  for (const auto& e : plan.exercises) {
    EXPECT_TRUE(e.titrated) << e.id;
    EXPECT_FALSE(e.load_kg.has_value()) << e.id;
  }
  ASSERT_EQ(plan.loads.size(), 1U);
  EXPECT_THAT(plan.loads[0].text, HasSubstr("about 30 repetitions with the cuff"));
  r.tests = {{"leg_press", 100.0, 10}};
  plan = make_plan(r, kb());
  ASSERT_EQ(plan.loads.size(), 2U);  // the leg press from the uninjured leg, the rest titrated
  EXPECT_THAT(plan.loads[0].text, HasSubstr("the uninjured limb"));
  EXPECT_THAT(plan.loads[0].text, HasSubstr("never tested to failure"));
  for (const auto& e : plan.exercises) EXPECT_EQ(e.titrated, e.id != "leg_press") << e.id;
}

// Issue 13: Hughes et al. 2018's mean LOPs (supine 187, standing 242): 80 % of the standing LOP
// is 194 mmHg, above the supine LOP. Each exercise takes its own posture's LOP or none.
TEST(Plan, EachExerciseTakesTheLopOfItsOwnPostureOrNone) {
  auto r = healthy_adult("tibial_bone_stress_injury", 3);  // leg press (seated), split squat, standing calf raise
  r.lop_mmHg = {{"standing", 242.0}, {"supine", 187.0}};
  auto plan = make_plan(r, kb());
  ASSERT_FALSE(plan.refusal);
  for (const auto& e : plan.exercises) {
    if (e.posture == "standing") {
      EXPECT_NEAR(*e.pressure_mmHg, 0.8 * 242.0, 1e-9) << e.id;
    } else {
      EXPECT_EQ(e.posture, "seated");
      EXPECT_FALSE(e.pressure_mmHg.has_value()) << e.id << ": no seated LOP given";
    }
  }
  ASSERT_EQ(plan.lop_postures.size(), 2U);
  EXPECT_EQ(plan.lop_postures[0].first, "seated");
  EXPECT_FALSE(plan.lop_postures[0].second.has_value());
  EXPECT_EQ(plan.lop_postures[1].first, "standing");
  EXPECT_EQ(plan.lop_postures[1].second, 242.0);
  r.lop_mmHg = {{"lying", 187.0}};
  EXPECT_THROW(make_plan(r, kb()), std::invalid_argument);
  r.lop_mmHg = {{"seated", 30.0}};
  EXPECT_THROW(make_plan(r, kb()), std::invalid_argument);
}

// Issue 13: each injury's own pain rule. Tendinopathy allows up to 5/10 that settles by the next
// morning (Silbernagel et al. 2007), a bone stress injury stays pain-free at the bone, the others
// up to 3/10 that settles (clinical judgement).
TEST(Plan, EachInjuryCarriesItsOwnPainRule) {
  const auto rule = [](const std::string& injury) { return make_plan(healthy_adult(injury, 1), kb()).pain_rule; };
  for (const auto* tendon : {"achilles_tendinopathy", "patellar_tendinopathy"}) {
    EXPECT_EQ(rule(tendon).during_max, 5) << tendon;
    EXPECT_EQ(rule(tendon).sources, std::vector<std::string>{"silbernagel2007"});
    EXPECT_THAT(rule(tendon).text, HasSubstr("by the next morning"));
  }
  for (const auto* bone : {"tibial_bone_stress_injury", "metatarsal_bone_stress_injury"}) {
    EXPECT_EQ(rule(bone).during_max, 0) << bone;
    EXPECT_EQ(rule(bone).site, "the injured bone");
  }
  for (const auto* other : {"acl_reconstruction", "lateral_ankle_sprain", "hamstring_strain"}) EXPECT_EQ(rule(other).during_max, 3) << other;
  // The phases progress by it, and go back by it.
  const auto tendon = make_plan(healthy_adult("achilles_tendinopathy", 1), kb());
  EXPECT_THAT(tendon.progress_when.text, HasSubstr("pain rule"));
  EXPECT_THAT(tendon.regress_when.text, HasSubstr("two sessions in a row break the program's pain rule"));
}

// Issue 13: the last phase of every program ends in its injury's return-to-run criteria and a
// walk-run progression that builds to continuous running; earlier phases have neither.
TEST(Plan, TheLastPhaseLeadsIntoReturnToRunAndAWalkRunProgression) {
  for (const auto& p : kb().programs.programs) {
    const int last = static_cast<int>(p.phases.size());
    for (int ph = 1; ph < last; ++ph) {
      const auto earlier = make_plan(healthy_adult(p.id, ph), kb());
      EXPECT_TRUE(earlier.return_to_run.empty()) << p.id << " phase " << ph;
      EXPECT_FALSE(earlier.walk_run.has_value()) << p.id << " phase " << ph;
    }
    const auto plan = make_plan(healthy_adult(p.id, last), kb());
    ASSERT_FALSE(plan.refusal) << p.id;
    EXPECT_GE(plan.return_to_run.size(), 3U) << p.id;
    ASSERT_TRUE(plan.walk_run.has_value()) << p.id;
    const auto& stages = plan.walk_run->stages;
    for (std::size_t i = 1; i < stages.size(); ++i) {
      EXPECT_GE(stages[i].run_min * stages[i].repeats, stages[i - 1].run_min * stages[i - 1].repeats) << p.id << ": running never shrinks";
      EXPECT_LE(stages[i].walk_min, stages[i - 1].walk_min) << p.id << ": walking never grows";
    }
    EXPECT_EQ(stages.back().walk_min, 0.0) << p.id << ": it ends in continuous running";
  }
  // Injury-specific: the bone's criteria are about the bone, the tendon's keep to its pain rule.
  const auto bone = make_plan(healthy_adult("tibial_bone_stress_injury", 3), kb());
  EXPECT_THAT(bone.return_to_run[0].text, HasSubstr("tibia is pressed"));
  const auto tendon = make_plan(healthy_adult("achilles_tendinopathy", 3), kb());
  EXPECT_THAT(tendon.return_to_run[0].text, HasSubstr("within the pain rule"));
}

// Issue 13: one limb's cuff time in a session has a cap. With a cap lowered to 15 minutes, the
// ACL strength phase (four exercises of 4 minutes and 10 minutes of cycling) loses the cycling and
// then its last exercise, and says so.
TEST(Plan, OneLimbsCuffTimeInASessionStaysWithinTheCap) {
  auto lowered = kb();
  EXPECT_EQ(lowered.programs.max_cuff_minutes_per_limb, 30.0);
  lowered.programs.max_cuff_minutes_per_limb = 15.0;
  const auto full = make_plan(healthy_adult("acl_reconstruction", 2), kb());
  ASSERT_EQ(full.exercises.size(), 4U);
  EXPECT_NEAR(full.total_cuff_minutes, 4 * 4.0 + 10.0, 1e-9);
  const auto capped = make_plan(healthy_adult("acl_reconstruction", 2), lowered);
  EXPECT_NEAR(capped.total_cuff_minutes, 3 * 4.0, 1e-9);
  EXPECT_TRUE(capped.aerobic.empty());
  EXPECT_EQ(capped.over_cuff_time, (std::vector<std::string>{"Easy cycling with the cuff", full.exercises.back().name}));
}

// Issue 13: where the cuff goes and the rest between exercises, and the total time it is on.
TEST(Plan, SaysWhereTheCuffGoesAndHowLongItIsOnInTotal) {
  auto r = healthy_adult("acl_reconstruction", 2);
  const auto plan = make_plan(r, kb());
  ASSERT_FALSE(plan.refusal);
  ASSERT_GE(plan.cuff_use.size(), 2U);
  EXPECT_THAT(plan.cuff_use[0].text, HasSubstr("most proximal part of the limb"));
  EXPECT_THAT(plan.cuff_use[1].text, HasSubstr("Deflate the cuff between exercises"));
  ASSERT_FALSE(plan.exercises.empty());
  EXPECT_GT(plan.total_cuff_minutes, plan.exercises.front().cuff_minutes);
}

TEST(Plan, AHealthyRunnerIsToldToTrainHeavyInstead) {
  const auto plan = make_plan(healthy_adult("healthy"), kb());
  ASSERT_TRUE(plan.refusal);
  EXPECT_THAT(plan.refusal->text, HasSubstr("gains little"));
}

// Issue 13: calf pain with swelling is a red flag until a clinician has diagnosed a strain and
// excluded a clot; recorded with who and when, it unlocks the calf-strain program.
TEST(Plan, TheCalfStrainProgramNeedsADiagnosisWithAClotExcluded) {
  auto r = healthy_adult("calf_strain");
  r.screening.calf_strain_confirmed.reset();
  r.cleared = true;  // a clearance is not the diagnosis
  auto plan = make_plan(r, kb());
  ASSERT_TRUE(plan.refusal);
  EXPECT_THAT(plan.refusal->text, HasSubstr("excluded a clot"));
  r.screening.yes["calf_pain_swelling"] = true;  // swollen calf, no diagnosis: emergency care
  plan = make_plan(r, kb());
  EXPECT_EQ(plan.screening.verdict, Verdict::seek_care_now);
  r.screening.calf_strain_confirmed = ClotExcluded{"Dr A. Example", "2026-11-20"};
  r.cleared = false;
  plan = make_plan(r, kb());
  ASSERT_FALSE(plan.refusal) << plan.refusal->text;
  EXPECT_EQ(plan.screening.verdict, Verdict::suitable);
  ASSERT_FALSE(plan.screening.reasons.empty());
  EXPECT_THAT(plan.screening.reasons.front().text, HasSubstr("excluded by Dr A. Example on 2026-11-20"));
}

TEST(Plan, NoPlanWithoutClearanceWhereClearanceIsNeeded) {
  auto r = healthy_adult("acl_reconstruction");
  r.screening.person = {52, true, 168, 70};
  r.screening.yes["early_post_operative"] = true;
  EXPECT_THAT(make_plan(r, kb()).refusal->text, HasSubstr("clearance"));
  r.cleared = true;
  EXPECT_FALSE(make_plan(r, kb()).refusal);
}

// Issue 13: a high-risk bone stress site, or a sign of low energy availability (RED-S), sends the
// runner to the clinician: no plan without clearance, and with it the plan says why the clinician
// manages it. The site and the answers are never assumed.
TEST(Plan, HighRiskBoneSitesAndLowEnergySignsGoToTheClinician) {
  auto r = healthy_adult("tibial_bone_stress_injury");
  EXPECT_TRUE(make_plan(r, kb()).referrals.empty());
  r.bone_site = "anterior_tibial_cortex";
  auto plan = make_plan(r, kb());
  ASSERT_TRUE(plan.refusal);
  EXPECT_THAT(plan.refusal->text, HasSubstr("anterior tibial cortex"));
  EXPECT_THAT(plan.refusal->text, HasSubstr("managed by the clinician"));
  r.cleared = true;
  plan = make_plan(r, kb());
  ASSERT_FALSE(plan.refusal);
  ASSERT_EQ(plan.referrals.size(), 1U);
  EXPECT_THAT(plan.referrals[0].text, HasSubstr("Cleared by the clinician for a high-risk site"));

  r = healthy_adult("metatarsal_bone_stress_injury");
  r.energy["missed_periods"] = true;
  plan = make_plan(r, kb());
  ASSERT_TRUE(plan.refusal);
  EXPECT_THAT(plan.refusal->text, HasSubstr("RED-S"));
  r.bone_site = "navicular";  // high risk, and no program of its own: still the clinician's
  r.energy["missed_periods"] = false;
  EXPECT_TRUE(make_plan(r, kb()).refusal);

  r = healthy_adult("tibial_bone_stress_injury");
  r.bone_site = "";
  EXPECT_THROW(make_plan(r, kb()), std::invalid_argument);
  r = healthy_adult("tibial_bone_stress_injury");
  r.energy.erase("weight_loss");
  EXPECT_THROW(make_plan(r, kb()), std::invalid_argument);
}

// Issue 13: after ACL reconstruction the graft decides the early hamstring work, knee extension
// keeps to 90-45 degrees in the first two phases, and the strength phase's leg press follows the
// trial (Hughes et al. 2019: 30 % 1RM, 80 % LOP).
TEST(Plan, AclGraftAndRangeLimitsAndTheTrialsLegPress) {
  auto r = healthy_adult("acl_reconstruction", 1);
  r.graft = "hamstring";
  auto plan = make_plan(r, kb());
  ASSERT_FALSE(plan.refusal);
  for (const auto& e : plan.exercises) EXPECT_NE(e.id, "hamstring_curl") << "no resisted curl early after a hamstring graft";
  ASSERT_EQ(plan.graft_rules.size(), 1U);
  EXPECT_THAT(plan.graft_rules[0].text, HasSubstr("Hamstring autograft"));
  const auto extension = std::find_if(plan.exercises.begin(), plan.exercises.end(), [](const auto& e) { return e.id == "knee_extension"; });
  ASSERT_NE(extension, plan.exercises.end());
  ASSERT_TRUE(extension->range_limit.has_value());
  EXPECT_THAT(extension->range_limit->text, HasSubstr("between 90 and 45 degrees"));

  r.graft = "patellar_tendon";
  plan = make_plan(r, kb());
  EXPECT_TRUE(std::any_of(plan.exercises.begin(), plan.exercises.end(), [](const auto& e) { return e.id == "hamstring_curl"; }));
  r.phase = 2;
  r.graft = "hamstring";
  plan = make_plan(r, kb());
  EXPECT_TRUE(std::any_of(plan.exercises.begin(), plan.exercises.end(), [](const auto& e) { return e.id == "hamstring_curl"; }))
      << "back from the strength phase";
  const auto press = std::find_if(plan.exercises.begin(), plan.exercises.end(), [](const auto& e) { return e.id == "leg_press"; });
  ASSERT_NE(press, plan.exercises.end());
  EXPECT_EQ(press->load_pct_1rm, 30.0);
  EXPECT_EQ(press->pct_lop, 80.0);
  EXPECT_NE(std::find(press->sources.begin(), press->sources.end(), "hughes2019"), press->sources.end());
  r.phase = 3;
  r.equipment.push_back("knee_extension_machine");
  for (const auto& e : make_plan(r, kb()).exercises) EXPECT_FALSE(e.range_limit.has_value()) << e.id << ": the full range by the last phase";
  r.graft = "";
  EXPECT_THROW(make_plan(r, kb()), std::invalid_argument);
}

TEST(Plan, TheGoalDecidesWhetherThereIsAerobicWork) {
  auto r = healthy_adult("calf_strain");
  EXPECT_FALSE(make_plan(r, kb()).aerobic.empty());
  r.goal = "strength";
  EXPECT_TRUE(make_plan(r, kb()).aerobic.empty());
  r.goal = "speed";
  EXPECT_THROW(make_plan(r, kb()), std::invalid_argument);
}

TEST(Plan, EquipmentDecidesTheExercises) {
  auto r = healthy_adult("patellar_tendinopathy");
  r.equipment = {};
  const auto plan = make_plan(r, kb());
  ASSERT_TRUE(plan.refusal);
  EXPECT_THAT(plan.refusal->text, HasSubstr("equipment"));
  // What would make a plan possible, in words and each piece once (it listed raw, repeated ids).
  const auto& text = plan.refusal->text;
  EXPECT_EQ(text.find('_'), std::string::npos) << text;
  const auto list = text.substr(text.find("possible: ") + 10);
  std::vector<std::string> pieces;
  for (std::size_t at = 0; at < list.size();) {
    const auto end = std::min(list.find(", ", at), list.find('.', at));
    pieces.push_back(list.substr(at, end - at));
    at = end + 2;
  }
  ASSERT_GE(pieces.size(), 2U) << text;
  for (const auto& p : pieces) EXPECT_EQ(std::count(pieces.begin(), pieces.end(), p), 1) << p << " twice in: " << text;
  EXPECT_NE(std::find(pieces.begin(), pieces.end(), "knee extension machine"), pieces.end()) << text;
  // The always-available equipment is never what is missing.
  EXPECT_EQ(std::find(pieces.begin(), pieces.end(), "bodyweight"), pieces.end()) << text;
}

TEST(Plan, BadRequestsNameWhatIsAccepted) {
  auto r = healthy_adult("broken_leg");
  EXPECT_THROW(make_plan(r, kb()), std::invalid_argument);
  r = healthy_adult("calf_strain", 9);
  try {
    make_plan(r, kb());
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_THAT(e.what(), HasSubstr("phases 1 to 2"));
  }
}

// ---- properties: for any person, answers, injury, phase and equipment ----


PlanRequest arbitrary_request() {
  PlanRequest r;
  r.screening.person.age_years = *rc::gen::inRange(14, 111);
  r.screening.person.female = *rc::gen::arbitrary<bool>();
  r.screening.person.height_cm = *rc::gen::inRange(100, 231);
  r.screening.person.weight_kg = *rc::gen::inRange(25, 301);
  r.screening.limb = "leg";
  for (const auto& i : kb().items) r.screening.yes[i.id] = *rc::gen::weightedElement<bool>({{1, true}, {9, false}});
  std::vector<std::string> injuries{"healthy"};
  for (const auto& p : kb().programs.programs) injuries.push_back(p.id);
  r.injury = *rc::gen::elementOf(injuries);
  const auto* program = kb().programs.program(r.injury);
  r.phase = program ? *rc::gen::inRange(1, static_cast<int>(program->phases.size()) + 1) : 1;
  const std::vector<std::string> all{"leg_press", "knee_extension_machine", "hamstring_curl_machine", "calf_machine", "cable",
                                     "bands", "dumbbells", "bike", "treadmill"};
  for (const auto& e : all)
    if (*rc::gen::arbitrary<bool>()) r.equipment.push_back(e);
  for (const char* posture : kPostures)
    if (*rc::gen::arbitrary<bool>()) r.lop_mmHg[posture] = static_cast<double>(*rc::gen::inRange(80, 301));
  r.cleared = *rc::gen::arbitrary<bool>();
  r.goal = *rc::gen::element<std::string>("strength", "strength_and_fitness");
  if (*rc::gen::arbitrary<bool>()) r.screening.calf_strain_confirmed = ClotExcluded{"Dr A. Example", "2026-11-20"};
  if (program && !program->graft_types.empty()) r.graft = *rc::gen::elementOf(program->graft_types);
  if (program && !program->bone_sites.empty()) {
    std::vector<std::string> sites = kb().programs.bone_stress.high_risk_sites;
    for (const auto& s : program->bone_sites) sites.push_back(s.id);
    r.bone_site = *rc::gen::elementOf(sites);
    for (const auto& q : kb().programs.bone_stress.energy_questions) r.energy[q.id] = *rc::gen::weightedElement<bool>({{1, true}, {4, false}});
  }
  return r;
}

void expect_cited(const std::vector<std::string>& sources) {
  RC_ASSERT(!sources.empty());
  for (const auto& s : sources) RC_ASSERT(kb().references.contains(s));
}

RC_GTEST_PROP(PlanProperties, NoPlanForAnyoneNotSuitable, ()) {
  const auto r = arbitrary_request();
  const auto plan = make_plan(r, kb());
  const auto v = plan.screening.verdict;
  if (v == Verdict::not_suitable || v == Verdict::seek_care_now) RC_ASSERT(plan.refusal.has_value());
  if (v == Verdict::needs_clearance && !r.cleared) RC_ASSERT(plan.refusal.has_value());
  if (v == Verdict::not_today) RC_ASSERT(plan.refusal.has_value());  // whatever the clearance
}

RC_GTEST_PROP(PlanProperties, NoCalfStrainPlanWithoutAConfirmedDiagnosis, ()) {
  const auto r = arbitrary_request();
  const auto plan = make_plan(r, kb());
  if (!plan.refusal && r.injury == "calf_strain") RC_ASSERT(r.screening.calf_strain_confirmed.has_value());
  // A swollen painful calf without the diagnosis is always "seek care now".
  if (r.screening.yes.at("calf_pain_swelling") && !r.screening.calf_strain_confirmed)
    RC_ASSERT(plan.screening.verdict == Verdict::seek_care_now);
}

// Issue 13: no bone stress injury plan at a high-risk site or with a sign of low energy
// availability unless a clinician has cleared it, and then the plan says so.
RC_GTEST_PROP(PlanProperties, HighRiskBoneStressGoesThroughTheClinician, ()) {
  const auto r = arbitrary_request();
  const auto plan = make_plan(r, kb());
  if (plan.refusal || r.bone_site.empty()) return;
  const auto& high = kb().programs.bone_stress.high_risk_sites;
  const bool high_risk = std::find(high.begin(), high.end(), r.bone_site) != high.end();
  const bool low_energy = std::any_of(r.energy.begin(), r.energy.end(), [](const auto& a) { return a.second; });
  if (high_risk || low_energy) {
    RC_ASSERT(r.cleared);
    RC_ASSERT(plan.referrals.size() == static_cast<std::size_t>(high_risk) + static_cast<std::size_t>(low_energy));
  }
}

RC_GTEST_PROP(PlanProperties, EveryPlanStaysWithinThePublishedLimits, ()) {
  const auto r = arbitrary_request();
  const auto plan = make_plan(r, kb());
  if (plan.refusal) return;
  for (const auto& e : plan.exercises) {
    RC_ASSERT(e.pct_lop >= 40.0 && e.pct_lop <= 80.0);            // Patterson et al. 2019
    RC_ASSERT(e.load_pct_1rm >= 20.0 && e.load_pct_1rm <= 40.0);  // Patterson et al. 2019
    RC_ASSERT(e.cuff_minutes <= 10.0);
  }
  for (const auto& a : plan.aerobic) RC_ASSERT(a.pct_lop >= 40.0 && a.pct_lop <= 80.0 && a.minutes <= 20.0);
  // The total cuff time is every exercise's and every aerobic block's, nothing else.
  double total = 0;
  for (const auto& e : plan.exercises) total += e.cuff_minutes;
  for (const auto& a : plan.aerobic) total += a.minutes;
  RC_ASSERT(std::abs(plan.total_cuff_minutes - total) < 1e-9);
  RC_ASSERT(plan.total_cuff_minutes <= kb().programs.max_cuff_minutes_per_limb + 1e-9);  // the per-limb cap
  RC_ASSERT(plan.sessions_per_week >= 1 && plan.sessions_per_week <= 7);
}

// Issue 13: no exercise of any plan exceeds 80 % of the LOP of its own posture, and none gets a
// pressure from another posture's LOP.
RC_GTEST_PROP(PlanProperties, NoExerciseExceedsEightyPercentOfItsOwnPosturesLop, ()) {
  const auto r = arbitrary_request();
  const auto plan = make_plan(r, kb());
  if (plan.refusal) return;
  const auto check = [&](const std::string& posture, const std::optional<double>& mmHg) {
    RC_ASSERT(is_posture(posture));
    const auto own = r.lop_mmHg.find(posture);
    if (own == r.lop_mmHg.end()) {
      RC_ASSERT(!mmHg.has_value());
      return;
    }
    RC_ASSERT(mmHg.has_value());
    RC_ASSERT(*mmHg <= 0.8 * own->second + 1e-9);
  };
  for (const auto& e : plan.exercises) check(e.posture, e.pressure_mmHg);
  for (const auto& a : plan.aerobic) check(a.posture, a.pressure_mmHg);
}

RC_GTEST_PROP(PlanProperties, EveryStatementCitesAKnownSource, ()) {
  const auto plan = make_plan(arbitrary_request(), kb());
  if (plan.refusal) {
    expect_cited(plan.refusal->sources);
    return;
  }
  expect_cited(plan.evidence_basis.sources);
  expect_cited(plan.progress_when.sources);
  expect_cited(plan.pain_rule.sources);
  expect_cited(plan.regress_when.sources);
  for (const auto& s : plan.referrals) expect_cited(s.sources);
  for (const auto& s : plan.graft_rules) expect_cited(s.sources);
  for (const auto& e : plan.exercises)
    if (e.range_limit) expect_cited(e.range_limit->sources);
  for (const auto& s : plan.loads) expect_cited(s.sources);
  for (const auto& e : plan.exercises) expect_cited(e.sources);
  for (const auto& a : plan.aerobic) expect_cited(a.sources);
  RC_ASSERT(!plan.cuff_use.empty());
  for (const auto& s : plan.cuff_use) expect_cited(s.sources);
  for (const auto& s : plan.stop_signs) expect_cited(s.sources);
  for (const auto& s : plan.graduation) expect_cited(s.sources);
}

RC_GTEST_PROP(PlanProperties, APlanIsReproducibleFromItsInputs, ()) {
  const auto r = arbitrary_request();
  const auto a = make_plan(r, kb());
  const auto b = make_plan(r, kb());
  RC_ASSERT(a.refusal.has_value() == b.refusal.has_value());
  RC_ASSERT(a.exercises.size() == b.exercises.size());
  for (std::size_t i = 0; i < a.exercises.size(); ++i) {
    RC_ASSERT(a.exercises[i].id == b.exercises[i].id);
    RC_ASSERT(a.exercises[i].pressure_mmHg == b.exercises[i].pressure_mmHg);
  }
}

// One plan type from the clinic to the cuff (issue 16): a stored plan read back is the plan that
// was written, every field of it. A field added to plan_to_json and not to plan_from_json fails
// here, so no layer can lose part of a plan on the way (the aerobic part once was).
RC_GTEST_PROP(PlanProperties, AStoredPlanReadsBackAsThePlanThatWasWritten, ()) {
  const auto written = plan_to_json(kb(), make_plan(arbitrary_request(), kb()));
  const auto read = plan_from_json(written.dump());
  RC_ASSERT(plan_to_json(kb(), read) == written);
}

TEST(Plan, APlanStoredByAnEarlierVersionStillReadsAndABadOneNamesItsField) {
  // Stored before postures, pain rules per injury and aerobic blocks were recorded.
  const auto old = plan_from_json(std::string(R"({"screening": "suitable", "program": "achilles_tendinopathy", "phase": "1",
      "exercises": [{"id": "calf_raise", "name": "Calf raise", "reps": [30, 15, 15, 15], "rest_s": 30, "pct_lop": 60}]})"));
  ASSERT_EQ(old.exercises.size(), 1U);
  EXPECT_EQ(old.exercises[0].posture, "");
  EXPECT_EQ(old.exercises[0].reps, (std::vector<int>{30, 15, 15, 15}));
  EXPECT_EQ(old.pain_rule.during_max, 3);
  EXPECT_EQ(old.pain_rule.id, rule_of_older_plans().id);
  EXPECT_TRUE(old.aerobic.empty());

  const auto message = [](const std::string& text) {
    try {
      (void)plan_from_json(text);
    } catch (const std::invalid_argument& e) {
      return std::string(e.what());
    }
    return std::string("(read without an error)");
  };
  EXPECT_THAT(message("[1, 2]"), HasSubstr("not a JSON object"));
  EXPECT_THAT(message("{"), HasSubstr("not JSON"));
  EXPECT_THAT(message(R"({"program": "x"})"), HasSubstr("no 'exercises' list"));
  EXPECT_THAT(message(R"({"exercises": [{"id": "a", "name": "A", "reps": [10], "rest_s": 30, "pct_lop": 60},
                                        {"id": "b", "name": "B", "rest_s": 30, "pct_lop": 60}]})"),
              HasSubstr("plan exercises[1]"));
  EXPECT_THAT(message(R"({"exercises": [], "aerobic": [{"id": "walking", "name": "Walking", "pct_lop": 50}]})"), HasSubstr("plan aerobic[0]"));
  EXPECT_THAT(message(R"({"exercises": [], "pain_rule": {"name": "n", "site": "s", "text": "t", "during_max": 11}})"),
              HasSubstr("during_max must be 0-10"));
  EXPECT_FALSE(plan_from_json_or_none("not json"));
}

}  // namespace
}  // namespace bfr::clinic

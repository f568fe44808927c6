// The worked examples of docs/clinical.md, one per injury: each test makes the plan of the
// example's `bfr plan` command (the same answers file and options) and asserts what the example
// says it gives. A change in the data that changes an example fails here.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>

#include "clinic/plan.hpp"
#include "project_knowledge_base.hpp"

namespace bfr::clinic {
namespace {

using ::testing::HasSubstr;

const KnowledgeBase& kb() { return test_data::project_kb(); }

PlanRequest example(const std::string& answers_file, const std::string& injury, int phase, std::vector<std::string> equipment) {
  PlanRequest r;
  r.screening = load_answers(std::string(OPENBFR_SOURCE_DIR) + "/examples/screening/" + answers_file);
  r.injury = injury;
  r.phase = phase;
  r.equipment = std::move(equipment);
  return r;
}

void no_energy_signs(PlanRequest& r) {
  for (const auto& q : kb().programs.bone_stress.energy_questions) r.energy[q.id] = false;
}

const PlannedExercise& exercise(const Plan& p, const std::string& id) {
  const auto it = std::find_if(p.exercises.begin(), p.exercises.end(), [&](const PlannedExercise& e) { return e.id == id; });
  if (it == p.exercises.end()) throw std::runtime_error("the plan has no " + id);
  return *it;
}

bool has(const Plan& p, const std::string& id) {
  return std::any_of(p.exercises.begin(), p.exercises.end(), [&](const PlannedExercise& e) { return e.id == id; });
}

// 1. bfr plan --answers healthy-runner.json --injury tibial_bone_stress_injury --phase 1
//    --bone-site posteromedial_tibial_shaft --energy-yes none
//    --equipment knee_extension_machine,hamstring_curl_machine,calf_machine,bike --lop seated=200
TEST(WorkedExample, TibialBoneStressInjury) {
  auto r = example("healthy-runner.json", "tibial_bone_stress_injury", 1, {"knee_extension_machine", "hamstring_curl_machine", "calf_machine", "bike"});
  r.bone_site = "posteromedial_tibial_shaft";
  no_energy_signs(r);
  r.lop_mmHg = {{"seated", 200.0}};
  const auto p = make_plan(r, kb());
  ASSERT_FALSE(p.refusal) << p.refusal->text;
  EXPECT_NEAR(*exercise(p, "knee_extension").pressure_mmHg, 120.0, 1e-9);
  EXPECT_NEAR(*exercise(p, "seated_calf_raise").pressure_mmHg, 120.0, 1e-9);
  EXPECT_FALSE(exercise(p, "hamstring_curl").pressure_mmHg.has_value());  // lying: its prone LOP first
  ASSERT_EQ(p.aerobic.size(), 1U);
  EXPECT_NEAR(*p.aerobic[0].pressure_mmHg, 100.0, 1e-9);  // cycling, seated, 50 %
  EXPECT_EQ(p.pain_rule.during_max, 0);
  EXPECT_TRUE(exercise(p, "knee_extension").titrated);
  EXPECT_NEAR(p.total_cuff_minutes, 3 * 4.0 + 10.0, 1e-9);
}

// 2. ... --injury metatarsal_bone_stress_injury --bone-site base_of_fifth_metatarsal --energy-yes none
TEST(WorkedExample, MetatarsalBoneStressInjuryAtAHighRiskSite) {
  auto r = example("healthy-runner.json", "metatarsal_bone_stress_injury", 1, {"knee_extension_machine", "leg_press"});
  r.bone_site = "base_of_fifth_metatarsal";
  no_energy_signs(r);
  const auto refused = make_plan(r, kb());
  ASSERT_TRUE(refused.refusal);
  EXPECT_THAT(refused.refusal->text, HasSubstr("base of fifth metatarsal"));
  r.cleared = true;
  const auto p = make_plan(r, kb());
  ASSERT_FALSE(p.refusal);
  EXPECT_THAT(p.referrals.at(0).text, HasSubstr("Cleared by the clinician for a high-risk site"));
}

// 3. ... --injury achilles_tendinopathy --phase 2 --equipment calf_machine,leg_press,treadmill
//    --lop seated=180 --lop standing=230
TEST(WorkedExample, AchillesTendinopathy) {
  auto r = example("healthy-runner.json", "achilles_tendinopathy", 2, {"calf_machine", "leg_press", "treadmill"});
  r.lop_mmHg = {{"seated", 180.0}, {"standing", 230.0}};
  const auto p = make_plan(r, kb());
  ASSERT_FALSE(p.refusal);
  EXPECT_NEAR(*exercise(p, "seated_calf_raise").pressure_mmHg, 126.0, 1e-9);    // 70 % of the seated LOP
  EXPECT_NEAR(*exercise(p, "standing_calf_raise").pressure_mmHg, 161.0, 1e-9);  // 70 % of the standing LOP
  EXPECT_NEAR(*exercise(p, "leg_press").pressure_mmHg, 126.0, 1e-9);
  ASSERT_EQ(p.aerobic.size(), 1U);
  EXPECT_NEAR(*p.aerobic[0].pressure_mmHg, 115.0, 1e-9);  // walking, standing, 50 %
  EXPECT_EQ(p.pain_rule.during_max, 5);
  EXPECT_EQ(p.pain_rule.sources, std::vector<std::string>{"silbernagel2007"});
}

// 4. ... --injury patellar_tendinopathy --phase 3 --equipment leg_press
TEST(WorkedExample, PatellarTendinopathyLastPhase) {
  const auto p = make_plan(example("healthy-runner.json", "patellar_tendinopathy", 3, {"leg_press"}), kb());
  ASSERT_FALSE(p.refusal);
  EXPECT_TRUE(has(p, "leg_press"));
  EXPECT_TRUE(has(p, "split_squat"));  // bodyweight
  EXPECT_EQ(exercise(p, "leg_press").pct_lop, 80.0);
  EXPECT_THAT(p.return_to_run.at(0).text, HasSubstr("decline squat"));
  ASSERT_TRUE(p.walk_run);
  EXPECT_EQ(p.walk_run->stages.size(), 6U);
}

// 5. ... --injury acl_reconstruction --phase 1 --graft hamstring
//    --equipment knee_extension_machine,hamstring_curl_machine,bike --lop seated=190
TEST(WorkedExample, AclReconstructionHamstringGraft) {
  auto r = example("healthy-runner.json", "acl_reconstruction", 1, {"knee_extension_machine", "hamstring_curl_machine", "bike"});
  r.graft = "hamstring";
  r.lop_mmHg = {{"seated", 190.0}};
  const auto p = make_plan(r, kb());
  ASSERT_FALSE(p.refusal);
  EXPECT_FALSE(has(p, "hamstring_curl"));
  EXPECT_NEAR(*exercise(p, "knee_extension").pressure_mmHg, 114.0, 1e-9);
  EXPECT_THAT(exercise(p, "knee_extension").range_limit->text, HasSubstr("between 90 and 45 degrees"));
  EXPECT_NEAR(*p.aerobic.at(0).pressure_mmHg, 95.0, 1e-9);
  EXPECT_EQ(p.sessions_per_week, 5);
}

// 6. ... --injury lateral_ankle_sprain --phase 2 --equipment leg_press,treadmill
TEST(WorkedExample, LateralAnkleSprainLastPhase) {
  const auto p = make_plan(example("healthy-runner.json", "lateral_ankle_sprain", 2, {"leg_press", "treadmill"}), kb());
  ASSERT_FALSE(p.refusal);
  EXPECT_TRUE(has(p, "standing_calf_raise"));
  EXPECT_TRUE(has(p, "leg_press"));
  EXPECT_EQ(p.aerobic.at(0).id, "walking");
  EXPECT_EQ(p.pain_rule.during_max, 3);
  EXPECT_THAT(p.return_to_run.at(1).text, HasSubstr("balance"));
}

// 7. ... --answers calf-pain-now.json --injury calf_strain, then calf-strain-confirmed.json
TEST(WorkedExample, CalfStrainOnlyWithAClotExcluded) {
  const auto red = make_plan(example("calf-pain-now.json", "calf_strain", 1, {"calf_machine"}), kb());
  EXPECT_EQ(red.screening.verdict, Verdict::seek_care_now);
  EXPECT_TRUE(red.refusal);
  const auto p = make_plan(example("calf-strain-confirmed.json", "calf_strain", 1, {"calf_machine"}), kb());
  ASSERT_FALSE(p.refusal) << p.refusal->text;
  EXPECT_TRUE(has(p, "seated_calf_raise"));
  EXPECT_THAT(p.screening.reasons.at(0).text, HasSubstr("Dr A. Example"));
}

// 8. ... --injury hamstring_strain --phase 1 --equipment hamstring_curl_machine,knee_extension_machine --lop prone=170
TEST(WorkedExample, HamstringStrain) {
  auto r = example("healthy-runner.json", "hamstring_strain", 1, {"hamstring_curl_machine", "knee_extension_machine"});
  r.lop_mmHg = {{"prone", 170.0}};
  const auto p = make_plan(r, kb());
  ASSERT_FALSE(p.refusal);
  EXPECT_NEAR(*exercise(p, "hamstring_curl").pressure_mmHg, 102.0, 1e-9);
  EXPECT_FALSE(exercise(p, "knee_extension").pressure_mmHg.has_value());  // seated: its own LOP first
  EXPECT_EQ(p.lop_postures.size(), 2U);
}

}  // namespace
}  // namespace bfr::clinic

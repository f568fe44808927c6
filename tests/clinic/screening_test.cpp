#include "clinic/screening.hpp"

#include "clinic/plan.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace bfr::clinic {
namespace {

using ::testing::HasSubstr;

class Screening : public ::testing::Test {
 protected:
  ScreeningAnswers base() {
    ScreeningAnswers a;
    a.person = {28, false, 180, 72};
    a.limb = "leg";
    for (const auto& i : kb_.items) a.yes[i.id] = false;
    return a;
  }
  KnowledgeBase kb_ = load_knowledge_base(OPENBFR_DATA_DIR);
};

TEST_F(Screening, AHealthyYoungAdultIsSuitableButStillAdvisedToBeSupervised) {
  const auto r = screen(base(), kb_);
  EXPECT_EQ(r.verdict, Verdict::suitable);
  EXPECT_EQ(r.points, 0);
  EXPECT_THAT(r.advice.back(), HasSubstr("not medical advice"));
}

TEST_F(Screening, ARedFlagStopsEverything) {
  auto a = base();
  a.yes["calf_pain_swelling"] = true;
  const auto r = screen(a, kb_);
  EXPECT_EQ(r.verdict, Verdict::seek_care_now);
  EXPECT_THAT(r.advice.front(), HasSubstr("need a doctor now"));
}

TEST_F(Screening, AHistoryOfClotsIsNotSuitable) {
  auto a = base();
  a.yes["history_of_clot"] = true;
  const auto r = screen(a, kb_);
  EXPECT_EQ(r.verdict, Verdict::not_suitable);
  ASSERT_FALSE(r.reasons.empty());
  EXPECT_FALSE(r.reasons[0].sources.empty());
}

// Kacin et al. 2015 points: a 52-year-old woman (1 + 1) a few weeks after surgery (5) has 7 > 4.
TEST_F(Screening, PointsAboveFourNeedClearance) {
  auto a = base();
  a.person = {52, true, 168, 70};
  a.yes["early_post_operative"] = true;
  const auto r = screen(a, kb_);
  EXPECT_EQ(r.points, 7);
  EXPECT_EQ(r.verdict, Verdict::needs_clearance);
  a.yes["early_post_operative"] = false;
  a.yes["cancer"] = true;  // 1 + 1 + 2 = 4: not above the threshold
  EXPECT_EQ(screen(a, kb_).verdict, Verdict::suitable);
}

// A fever or a blood pressure above 180/100 today passes: it means not today, every time, and a
// clinician's clearance (for lasting conditions) does not override it (issue 13).
TEST_F(Screening, AFeverOrHighBloodPressureTodayMeansNotTodayWhateverTheClearance) {
  for (const char* today : {"acute_illness_fever", "bp_180_100"}) {
    SCOPED_TRACE(today);
    auto a = base();
    a.yes[today] = true;
    const auto r = screen(a, kb_);
    EXPECT_EQ(r.verdict, Verdict::not_today);
    EXPECT_THAT(r.advice.front(), HasSubstr("Not today"));
    PlanRequest req;
    req.screening = a;
    req.injury = "tibial_bone_stress_injury";
    req.bone_site = "posteromedial_tibial_shaft";
    for (const auto& q : kb_.programs.bone_stress.energy_questions) req.energy[q.id] = false;
    req.cleared = true;
    req.equipment = {"knee_extension_machine"};
    const auto plan = make_plan(req, kb_);
    ASSERT_TRUE(plan.refusal.has_value());
    EXPECT_THAT(plan.refusal->text, HasSubstr("No BFR today"));
  }
  // A lasting contraindication still outranks it.
  auto a = base();
  a.yes["acute_illness_fever"] = true;
  a.yes["history_of_clot"] = true;
  EXPECT_EQ(screen(a, kb_).verdict, Verdict::not_suitable);
}

// Issue 13: under 18, a plan only with a clinician's clearance, whatever the points, and why.
TEST_F(Screening, UnderEighteenNeedsClearanceWhateverThePoints) {
  auto a = base();
  a.person.age_years = 17;
  auto r = screen(a, kb_);
  EXPECT_EQ(r.verdict, Verdict::needs_clearance);
  EXPECT_EQ(r.points, 0);
  ASSERT_FALSE(r.reasons.empty());
  EXPECT_EQ(r.reasons.front().id, "under_18");
  EXPECT_THAT(r.reasons.front().text, HasSubstr("Under 18"));
  a.person.age_years = 18;
  EXPECT_EQ(screen(a, kb_).verdict, Verdict::suitable);
}

TEST_F(Screening, AConfirmedCalfStrainIsRecordedNotARedFlag) {
  auto a = base();
  a.yes["calf_pain_swelling"] = true;
  EXPECT_EQ(screen(a, kb_).verdict, Verdict::seek_care_now);
  a.calf_strain_confirmed = ClotExcluded{"Dr B. Example", "2026-11-28"};
  const auto r = screen(a, kb_);
  EXPECT_EQ(r.verdict, Verdict::suitable);
  ASSERT_EQ(r.reasons.size(), 1U);
  EXPECT_THAT(r.reasons[0].text, HasSubstr("a clot excluded by Dr B. Example on 2026-11-28"));
  // Stored and read back with the screening.
  const auto back = parse_answers(answers_to_json(a));
  ASSERT_TRUE(back.calf_strain_confirmed);
  EXPECT_EQ(back.calf_strain_confirmed->by, "Dr B. Example");
  EXPECT_EQ(back.calf_strain_confirmed->on, "2026-11-28");
  // Who and when are required, and the date must be a date.
  a.calf_strain_confirmed = ClotExcluded{"", "2026-11-28"};
  EXPECT_THROW(screen(a, kb_), std::invalid_argument);
  a.calf_strain_confirmed = ClotExcluded{"Dr B. Example", "28/11/2026"};
  try {
    screen(a, kb_);
    ADD_FAILURE() << "a date that is not YYYY-MM-DD was accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_THAT(e.what(), HasSubstr("calf_strain_confirmed.on is '28/11/2026'"));
  }
}

TEST_F(Screening, BodyMassIndexIsDerived) {
  auto a = base();
  a.person = {28, false, 170, 95};  // BMI 32.9: 2 points
  const auto r = screen(a, kb_);
  EXPECT_NEAR(r.bmi, 32.87, 0.01);
  EXPECT_EQ(r.points, 2);
}

TEST_F(Screening, TheMastectomyQuestionCountsForAnArmCuffOnly) {
  auto a = base();
  a.yes["limb_after_mastectomy"] = true;
  EXPECT_EQ(screen(a, kb_).verdict, Verdict::suitable);
  a.limb = "arm";
  EXPECT_EQ(screen(a, kb_).verdict, Verdict::not_suitable);
}

TEST_F(Screening, BadInputNamesTheFieldAndRange) {
  auto a = base();
  a.person.age_years = 900;
  EXPECT_THROW(
      {
        try {
          screen(a, kb_);
        } catch (const std::invalid_argument& e) {
          EXPECT_THAT(e.what(), HasSubstr("person.age is 900; accepted range 14 to 110"));
          throw;
        }
      },
      std::invalid_argument);
  auto b = base();
  b.yes.erase("pregnancy");
  EXPECT_THROW(screen(b, kb_), std::invalid_argument);
}

// The web app colours and gates verdicts by id; screenings are stored in words. Either names
// the verdict, and nothing else does.
TEST(VerdictNames, EveryVerdictIsFoundByItsWordsAndByItsId) {
  for (const auto v : {Verdict::suitable, Verdict::needs_clearance, Verdict::not_today, Verdict::not_suitable, Verdict::seek_care_now}) {
    EXPECT_EQ(verdict_named(to_string(v)), v) << to_string(v);
    EXPECT_EQ(verdict_named(id_of(v)), v) << id_of(v);
    EXPECT_EQ(std::string(id_of(v)).find(' '), std::string::npos) << "an id has no spaces: " << id_of(v);
  }
  EXPECT_EQ(verdict_named("Suitable"), std::nullopt);
  EXPECT_EQ(verdict_named(""), std::nullopt);
}

}  // namespace
}  // namespace bfr::clinic

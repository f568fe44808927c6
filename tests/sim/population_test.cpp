#include "sim/population.hpp"

#include <gtest/gtest.h>

namespace bfr::sim {
namespace {

TEST(Population, SameSeedAndIndexGiveTheSamePerson) {
  const auto cohort = *cohort_by_name("adults");
  const auto a = generate_person(cohort, 42, 7);
  const auto b = generate_person(cohort, 42, 7);
  EXPECT_EQ(a.height, b.height);
  EXPECT_EQ(a.circulation.systolic, b.circulation.systolic);
  EXPECT_EQ(a.thigh_circumference, b.thigh_circumference);
  const auto c = generate_person(cohort, 43, 7);
  EXPECT_NE(a.circulation.systolic, c.circulation.systolic);
}

TEST(Population, FollowsThePublishedDistributions) {
  const auto people = generate_population(*cohort_by_name("adults"), 1, 4000);
  double male_height = 0, female_height = 0, systolic = 0;
  int men = 0;
  for (const auto& p : people) {
    if (p.sex == Sex::male) male_height += p.height.cm(), ++men;
    else female_height += p.height.cm();
    systolic += p.circulation.systolic.mmHg();
  }
  const int women = 4000 - men;
  EXPECT_NEAR(men / 4000.0, 0.5, 0.03);
  EXPECT_NEAR(male_height / men, 175.3, 0.6);     // Fryar et al. 2021
  EXPECT_NEAR(female_height / women, 161.3, 0.6);
  EXPECT_NEAR(systolic / 4000.0, 116.0, 2.5);
}

TEST(Population, EveryoneIsPhysiologicallyPlausible) {
  for (const auto& cohort : known_cohorts())
    for (const auto& p : generate_population(cohort, 9, 500)) {
      EXPECT_GE(p.circulation.systolic.mmHg() - p.circulation.diastolic.mmHg(), 25.0);
      EXPECT_GE(p.age_years, cohort.age_min);
      EXPECT_LE(p.age_years, cohort.age_max);
      EXPECT_GT(p.thigh_circumference, p.arm_circumference);
    }
}

TEST(Population, OlderCohortIncludesAtrialFibrillation) {
  int af = 0;
  for (const auto& p : generate_population(*cohort_by_name("older_adults"), 3, 1000))
    af += p.circulation.rhythm == Rhythm::atrial_fibrillation;
  EXPECT_NEAR(af, 80, 30);
}

}  // namespace
}  // namespace bfr::sim

#include "clinic/lop_estimate.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace bfr::clinic {
namespace {

using ::testing::HasSubstr;

LopEstimateInput thigh(double width) {
  return {.limb = "thigh", .circumference_cm = 56, .cuff_width_cm = width, .systolic_mmHg = 120, .diastolic_mmHg = 75,
          .age_years = 25, .female = false, .posture = ""};
}

// docs/clinical.md, worked example 1: the 18 cm equation for a 25-year-old man, thigh 56 cm,
// systolic 120 mmHg: 65.290 + 1.110*56 + 0.178*120 + 1.153*25 - 7.984*1 = 169.65 mmHg,
// +-1.96 x 15.3 mmHg.
TEST(LopEstimate, TheEighteenCentimetreEquationGivesThePublishedArithmetic) {
  const auto kb = load_knowledge_base(OPENBFR_DATA_DIR);
  const auto e = estimate_lop(thigh(18.0), kb);
  ASSERT_TRUE(e.lop_mmHg);
  EXPECT_NEAR(*e.lop_mmHg, 169.651, 1e-3);
  EXPECT_NEAR(e.high_mmHg - e.low_mmHg, 2 * 1.96 * 15.3, 1e-9);
  EXPECT_THAT(e.recommendation, HasSubstr("Measure LOP"));
  auto woman = thigh(18.0);
  woman.female = true;
  EXPECT_NEAR(*estimate_lop(woman, kb).lop_mmHg, 169.651 - 7.984, 1e-3);
}

// Issue 13: `--posture standing` used to return the study's value. LOP differs by posture (Hughes
// et al. 2018), and our reference does not record the 18 cm equation's: any posture asked for is
// refused, with why, rather than given silently.
TEST(LopEstimate, APostureOtherThanTheStudysIsRefusedNotReused) {
  const auto kb = load_knowledge_base(OPENBFR_DATA_DIR);
  for (const char* posture : {"supine", "seated", "standing"}) {
    auto in = thigh(18.0);
    in.posture = posture;
    const auto e = estimate_lop(in, kb);
    EXPECT_FALSE(e.lop_mmHg) << posture;
    EXPECT_THAT(e.refusal, HasSubstr(std::string("not ") + posture));
    EXPECT_THAT(e.refusal, HasSubstr("Hughes et al. 2018"));
    EXPECT_THAT(e.recommendation, HasSubstr("Measure LOP"));
  }
  auto bad = thigh(18.0);
  bad.posture = "kneeling";
  EXPECT_THROW(estimate_lop(bad, kb), std::invalid_argument);
}

TEST(LopEstimate, AFiveCentimetreLegCuffIsRefusedWithItsReason) {
  const auto kb = load_knowledge_base(OPENBFR_DATA_DIR);
  const auto e = estimate_lop(thigh(5.0), kb);
  EXPECT_FALSE(e.lop_mmHg);
  EXPECT_THAT(e.refusal, HasSubstr("not predictable"));
  EXPECT_THAT(e.recommendation, HasSubstr("Measure LOP"));
}

TEST(LopEstimate, NoEquationForOtherCuffsOrOutsideTheStudiedPopulation) {
  const auto kb = load_knowledge_base(OPENBFR_DATA_DIR);
  EXPECT_THAT(estimate_lop(thigh(11.5), kb).refusal, HasSubstr("No validated equation"));
  auto old = thigh(18.0);
  old.age_years = 70;
  EXPECT_THAT(estimate_lop(old, kb).refusal, HasSubstr("outside the range"));
}

TEST(LopEstimate, ImpossibleInputNamesTheField) {
  const auto kb = load_knowledge_base(OPENBFR_DATA_DIR);
  auto bad = thigh(18.0);
  bad.systolic_mmHg = 900;
  try {
    estimate_lop(bad, kb);
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_THAT(e.what(), HasSubstr("systolic_mmHg is 900; accepted range 70 to 250"));
  }
  bad = thigh(18.0);
  bad.circumference_cm = -4;
  EXPECT_THROW(estimate_lop(bad, kb), std::invalid_argument);
}

}  // namespace
}  // namespace bfr::clinic

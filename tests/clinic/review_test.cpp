// docs/clinical-review.md is what the engine applies: the document a clinician signs off is
// written from the same data as the plans, and this test fails when the two differ.

#include "clinic/review.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace bfr::clinic {
namespace {

using ::testing::HasSubstr;

TEST(ClinicalReview, TheCommittedDocumentIsWhatTheEngineApplies) {
  const auto kb = load_knowledge_base(OPENBFR_DATA_DIR);
  const auto review = clinical_review(kb);
  std::ifstream file(std::string(OPENBFR_SOURCE_DIR) + "/docs/clinical-review.md");
  ASSERT_TRUE(file) << "docs/clinical-review.md is missing: bfr explain rules > docs/clinical-review.md";
  std::stringstream committed;
  committed << file.rdbuf();
  EXPECT_EQ(committed.str(), review) << "the data changed: bfr explain rules > docs/clinical-review.md, and review the difference";
}

TEST(ClinicalReview, EveryRuleIsThereWithItsSource) {
  const auto kb = load_knowledge_base(OPENBFR_DATA_DIR);
  const auto review = clinical_review(kb);
  for (const auto& i : kb.items) EXPECT_THAT(review, HasSubstr(i.question));
  for (const auto& d : kb.day_checks) EXPECT_THAT(review, HasSubstr(d.question));
  for (const auto& p : kb.programs.programs) {
    EXPECT_THAT(review, HasSubstr("### " + p.name));
    for (const auto& c : p.return_to_run) EXPECT_THAT(review, HasSubstr(c));
  }
  for (const auto& r : kb.programs.pain_rules) EXPECT_THAT(review, HasSubstr(r.text));
  for (const auto& s : kb.programs.stop_signs) EXPECT_THAT(review, HasSubstr(s.text));
  EXPECT_THAT(review, HasSubstr("*Silbernagel et al. 2007 (unverified)*"));
  EXPECT_THAT(review, HasSubstr("clinical judgement"));
  EXPECT_THAT(review, HasSubstr("## Sign-off"));
}

}  // namespace
}  // namespace bfr::clinic

#include "rig/calibration.hpp"

#include <gtest/gtest.h>

#include <set>

namespace bfr::rig {
namespace {

// The fast subset: every target of published-data.md sections 2, 3, 6 and 7, with a smaller
// exercise cohort. The full table runs as the calibration_full test. A target may miss only where
// the reference lacks the study's set-up, and then it must say why.
TEST(Calibration, EveryTargetPassesOnTheFastSubset) {
  const auto results = run_calibration({.fast = true, .progress = {}});
  std::set<std::string> sections;
  for (const auto& r : results) {
    EXPECT_TRUE(r.pass || !r.gap.empty()) << r.id << ": published " << r.published << ", simulated " << r.simulated << " (" << r.criterion
                        << ")";
    EXPECT_FALSE(r.source.empty()) << r.id;
    sections.insert(r.section);
  }
  EXPECT_EQ(sections, (std::set<std::string>{"2", "3", "6", "7"}));
  EXPECT_GE(results.size(), 17u);
}

}  // namespace
}  // namespace bfr::rig

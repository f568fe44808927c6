// The report's charts: where axes are marked, and titles that fit their chart (issue 16: the
// progress report marked sessions 0.6, 0.8 and 1.2, and one title ran off the page).

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

#include "report/canvas.hpp"

namespace bfr::report {
namespace {

TEST(AxisTicks, AnAxisOfSessionsIsMarkedAtWholeSessionsOnly) {
  EXPECT_EQ(axis_ticks(0.5, 1.5, 8, Ticks::whole), (std::vector<double>{1}));
  EXPECT_EQ(axis_ticks(0.5, 3.5, 8, Ticks::whole), (std::vector<double>{1, 2, 3}));
  EXPECT_EQ(axis_ticks(0.5, 12.5, 8, Ticks::whole), (std::vector<double>{2, 4, 6, 8, 10, 12}));
  const auto before = axis_ticks(0.5, 1.5, 8);  // what it marked before
  ASSERT_EQ(before.size(), 5U);
  EXPECT_NEAR(before.front(), 0.6, 1e-12);
  EXPECT_NEAR(before.back(), 1.4, 1e-12);
}

TEST(AxisTicks, AnyAxisIsMarkedOnOneTwoFiveSteps) {
  EXPECT_EQ(axis_ticks(0, 200, 5), (std::vector<double>{0, 50, 100, 150, 200}));
  EXPECT_EQ(axis_ticks(-10, 10, 5), (std::vector<double>{-10, -5, 0, 5, 10}));
  EXPECT_EQ(axis_ticks(0, 196, 8), (std::vector<double>{0, 50, 100, 150}));
}

TEST(ChartTitle, ALongTitleIsSetSmallerUntilItFitsItsChart) {
  const auto path = std::filesystem::temp_directory_path() / ("openbfr-chart-" + std::to_string(::getpid()) + ".svg");
  {
    Canvas c(Format::svg, path);
    const std::string title = "Target %LOP (orange), time in band (green), ended early (red)   (%)";
    constexpr double kChartWidth = 330;  // the progress report's charts
    ASSERT_GT(c.text_width(title, 10, true), kChartWidth) << "it ran off the page at 10 points";
    const double size = c.size_to_fit(title, kChartWidth, 10, 7, true);
    EXPECT_LT(size, 10);
    EXPECT_GE(size, 7);
    EXPECT_LE(c.text_width(title, size, true), kChartWidth);
    EXPECT_GT(c.text_width(title, size + 0.5, true), kChartWidth) << "as large as fits";
    EXPECT_EQ(c.size_to_fit("Limb occlusion pressure   (mmHg)", kChartWidth, 10, 7, true), 10) << "a short one keeps its size";
    c.finish();
  }
  std::filesystem::remove(path);
}

// The session report's PDF showed a hairline from its last text to its first LOP dot: text left
// the current point behind and the dot's arc began with a line from it.
TEST(ChartText, TextLeavesNoCurrentPointForTheNextShapeToStartFrom) {
  const auto path = std::filesystem::temp_directory_path() / ("openbfr-text-" + std::to_string(::getpid()) + ".pdf");
  {
    Canvas c(Format::pdf, path);
    c.text(100, 100, "LOP 168 mmHg", 8);
    EXPECT_FALSE(cairo_has_current_point(c.cr()));
    c.text_within(100, 120, 20, "a label far too long for its place", 8);
    EXPECT_FALSE(cairo_has_current_point(c.cr()));
    c.finish();
  }
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace bfr::report

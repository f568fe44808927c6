// The report's charts: where axes are marked, titles that fit their chart (issue 16: the progress
// report marked sessions 0.6, 0.8 and 1.2, and one title ran off the page), and PLplot drawing on
// the page's own cairo context.

#include <gtest/gtest.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <thread>
#include <string>
#include <vector>

#include "report/canvas.hpp"
#include "report/chart.hpp"

namespace bfr::report {
namespace {

TEST(AxisTicks, AnAxisOfSessionsIsMarkedAtWholeSessionsOnly) {
  EXPECT_EQ(tick_step(1, 8, XAxis::whole_numbers), 1);  // it marked 0.6, 0.8, 1.2 and 1.4 here
  EXPECT_EQ(tick_step(3, 8, XAxis::whole_numbers), 1);
  EXPECT_EQ(tick_step(12, 8, XAxis::whole_numbers), 2);
  EXPECT_NEAR(tick_step(1, 8), 0.2, 1e-12);  // what it marked before
}

TEST(AxisTicks, AnyAxisIsMarkedOnOneTwoFiveSteps) {
  EXPECT_EQ(tick_step(200, 5), 50);
  EXPECT_EQ(tick_step(20, 5), 5);
  EXPECT_EQ(tick_step(196, 8), 50);
  EXPECT_NEAR(tick_step(0.03, 3), 0.01, 1e-15);
}

TEST(AxisTicks, DatesAreMarkedAtWholeDaysThenWeeksThenMonths) {
  EXPECT_EQ(date_tick_days(1.5, 7), 1);
  EXPECT_EQ(date_tick_days(12, 7), 2);
  EXPECT_EQ(date_tick_days(40, 7), 7);     // six weeks of rehab: weekly
  EXPECT_EQ(date_tick_days(90, 7), 14);
  EXPECT_EQ(date_tick_days(365, 7), 60);   // a year
  EXPECT_EQ(date_tick_days(3000, 7), 365);
}

std::filesystem::path temp_file(const std::string& name) {
  return std::filesystem::temp_directory_path() / ("openbfr-" + name + "-" + std::to_string(::getpid()));
}

std::string pdf_text(const std::filesystem::path& pdf) {
  const std::string command = "pdftotext -layout '" + pdf.string() + "' -";
  std::string out;
  FILE* p = ::popen(command.c_str(), "r");
  if (!p) return out;
  std::array<char, 4096> buf{};
  while (const std::size_t n = std::fread(buf.data(), 1, buf.size(), p)) out.append(buf.data(), n);
  ::pclose(p);
  return out;
}

// A chart of three sessions a week apart: PLplot writes its dates, axis labels and units as text
// in the PDF, and the page's own text after it is upright where it was asked for.
TEST(ChartOnPage, ADateAxisIsLabelledWithDatesAndUnits) {
  const auto path = temp_file("dates") += ".pdf";
  constexpr double k1Dec2026 = 1796083200;  // 2026-12-01T00:00:00Z, a Tuesday
  constexpr double kDay = 86400;
  {
    Canvas c(Format::pdf, path);
    cairo_matrix_t before{}, after{};
    cairo_get_matrix(c.cr(), &before);
    {
      Chart ch(c, {70, 80, 330, 180}, {k1Dec2026 - kDay, k1Dec2026 + 15 * kDay}, {0, 200}, XAxis::dates);
      const std::vector<double> xs{k1Dec2026, k1Dec2026 + 7 * kDay, k1Dec2026 + 14 * kDay}, ys{150, 160, 155};
      ch.line(xs, ys, palette::kBlue);
      ch.points(xs, ys, palette::kBlue);
      ch.hline(180, palette::kRed, "rule line");
      ch.axes("session date (UTC)", "LOP, mmHg", "Limb occlusion pressure");
      EXPECT_THROW(ch.line(xs, ys, palette::kBlue), std::logic_error) << "axes() ended it";
    }
    cairo_get_matrix(c.cr(), &after);
    EXPECT_EQ(std::memcmp(&before, &after, sizeof before), 0) << "PLplot's upside-down transform stayed on the page";
    c.text(40, 580, "Not medical advice.", 8);
    c.finish();
  }
  const auto text = pdf_text(path);
  for (const auto* expected : {"Limb occlusion pressure", "session date (UTC)", "LOP, mmHg", "rule line", "Not medical advice.", "06 Dec", "13 Dec",
                               "200", "100"})
    EXPECT_NE(text.find(expected), std::string::npos) << expected << "\n" << text;
  // Weekly ticks for a span of two weeks, on whole days (PLplot starts the weeks on Sundays).
  EXPECT_EQ(text.find("07 Dec"), std::string::npos) << text;
  std::filesystem::remove(path);
}

// PLplot keeps one current stream for the process: charts on several threads (the server renders
// reports concurrently) take turns, and every one of them is whole. More charts than PLplot has
// streams (100) also works: each chart gives its stream back.
TEST(ChartOnPage, ChartsOnManyThreadsTakeTurns) {
  constexpr int kThreads = 4, kPagesEach = 30;
  std::vector<std::thread> threads;
  std::array<int, kThreads> whole{};
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([t, &whole] {
      for (int i = 0; i < kPagesEach; ++i) {
        const auto path = temp_file("thread" + std::to_string(t) + "-" + std::to_string(i)) += ".pdf";
        {
          Canvas c(Format::pdf, path);
          Chart ch(c, {70, 80, 330, 180}, {0, 10}, {0, 100});
          ch.line({0, 5, 10}, {10, 90, 50}, palette::kGreen);
          ch.axes("time, s", "pressure, mmHg", "chart " + std::to_string(t) + "-" + std::to_string(i));
          c.finish();
        }
        const auto text = pdf_text(path);
        if (i % 10 == 0 && text.find("chart " + std::to_string(t) + "-" + std::to_string(i)) != std::string::npos && text.find("time, s") != std::string::npos)
          ++whole[static_cast<std::size_t>(t)];
        std::filesystem::remove(path);
      }
    });
  for (auto& th : threads) th.join();
  for (const int w : whole) EXPECT_EQ(w, kPagesEach / 10);
}

// PLplot prints what it cannot draw and goes on; a chart says so instead, and the next one is
// drawn as if nothing had happened.
TEST(ChartOnPage, WhatPLplotCannotDrawIsAnErrorNotAMissingChart) {
  const auto path = temp_file("error") += ".pdf";
  {
    Canvas c(Format::pdf, path);
    {
      Chart bad(c, {70, 80, 0, 180}, {0, 10}, {0, 100});  // no width: PLplot refuses the viewport
      EXPECT_THROW(bad.axes("time, s", "pressure, mmHg", "no window"), std::runtime_error);
    }
    Chart good(c, {70, 320, 330, 180}, {0, 10}, {0, 100});
    good.line({0, 10}, {0, 100}, palette::kBlue);
    EXPECT_NO_THROW(good.axes("time, s", "pressure, mmHg", "a good chart"));
    c.finish();
  }
  EXPECT_NE(pdf_text(path).find("a good chart"), std::string::npos);
  std::filesystem::remove(path);
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

// The live display's line fits the terminal (issue 14: at 80 columns the 125-character line
// wrapped, and every redraw scrolled a new line instead of redrawing in place).

#include "session/status_line.hpp"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <string>

namespace bfr::session {
namespace {

LiveView in_a_set() {
  LiveView v;
  v.step = Step::set;
  v.stage = "Knee extension (machine or band): set 2 of 4";
  v.stage_fraction = 0.4;
  v.seconds_left = 12;
  v.pressure_mmHg = 103;
  v.setpoint_mmHg = 104;
  v.rep = 5;
  v.reps = 15;
  v.session_seconds_left = 161;
  return v;
}

std::string without_colours(const std::string& s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\033') {
      while (i < s.size() && s[i] != 'm') ++i;
      continue;
    }
    out += s[i];
  }
  return out;
}

TEST(StatusLine, AWideTerminalShowsEverything) {
  const auto line = without_colours(status_line(in_a_set(), 200));
  EXPECT_EQ(line, "[##########--------------] Knee extension (machine or band): set 2 of 4 103 mmHg (target 104, band 94-114)  rep  5/15  12 s left, "
                  "session about 2:41");
}

// A walk's ten minutes read as minutes and seconds (issue 14: time left in an aerobic hold).
TEST(StatusLine, AHoldsTimeLeftReadsInMinutes) {
  LiveView v;
  v.step = Step::hold;
  v.stage = "Walking, 50 %LOP (easy)";
  v.stage_fraction = 0.3;
  v.seconds_left = 425.2;
  v.pressure_mmHg = 99;
  v.setpoint_mmHg = 100;
  v.session_seconds_left = 428;
  const auto line = without_colours(status_line(v, 200));
  EXPECT_NE(line.find("Walking, 50 %LOP (easy) 99 mmHg (target 100, band 90-110)  7:05 left, session about 7:08"), std::string::npos)
      << line;
  EXPECT_LE(visible_width(status_line(v, 80)), 79);
}

TEST(StatusLine, EightyColumnsKeepThePressureTargetAndRepsOnOneLine) {
  const auto line = status_line(in_a_set(), 80);
  EXPECT_LE(visible_width(line), 79);
  const auto plain = without_colours(line);
  EXPECT_NE(plain.find("103 mmHg (target 104)"), std::string::npos) << plain;
  EXPECT_NE(plain.find("set 2 of 4"), std::string::npos) << plain;
  EXPECT_NE(plain.find("5/15"), std::string::npos) << plain;
  EXPECT_NE(plain.find("12 s"), std::string::npos) << plain;
}

TEST(StatusLine, ANarrowTerminalCutsTheStageLastAndKeepsTheAlarm) {
  auto v = in_a_set();
  v.alarm = true;
  const auto line = status_line(v, 40);
  EXPECT_LE(visible_width(line), 39);
  const auto plain = without_colours(line);
  EXPECT_NE(plain.find("103 mmHg"), std::string::npos) << plain;
  EXPECT_NE(plain.find("ALARM"), std::string::npos) << plain;
  EXPECT_NE(plain.find("...: set 2 of 4"), std::string::npos) << "the exercise's name is cut, not where the session is\n" << plain;
}

TEST(StatusLine, VisibleWidthCountsCharactersNotBytesOrColours) {
  EXPECT_EQ(visible_width("\033[1;31mALARM\033[0m"), 5);
  EXPECT_EQ(visible_width("Kniestrecker \xC3\xBC"), 14);  // ü is two bytes, one character
  EXPECT_EQ(visible_width(""), 0);
}

// Any stage name and any terminal from 30 columns: the line fits and the pressure is in it.
RC_GTEST_PROP(StatusLine, FitsEveryTerminalFromThirtyColumns, (const std::string& stage, int reps)) {
  const int columns = *rc::gen::inRange(30, 300);
  auto v = in_a_set();
  v.stage = stage;
  v.reps = reps % 100;
  const auto line = status_line(v, columns);
  RC_ASSERT(visible_width(line) <= columns - 1);
  RC_ASSERT(without_colours(line).find("103 mmHg") != std::string::npos);
}

}  // namespace
}  // namespace bfr::session

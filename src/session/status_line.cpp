#include "session/status_line.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>

namespace bfr::session {

namespace {

using ansi::kGreen;
using ansi::kRed;
using ansi::kReset;
using ansi::kYellow;

bool in_band(const LiveView& v) {
  return v.setpoint_mmHg && std::abs(v.pressure_mmHg - *v.setpoint_mmHg) <= core::kExerciseBand * *v.setpoint_mmHg;
}

std::string bar(double fraction, int width) {
  const int filled = static_cast<int>(std::lround(std::clamp(fraction, 0.0, 1.0) * width));
  return "[" + std::string(static_cast<std::size_t>(filled), '#') + std::string(static_cast<std::size_t>(width - filled), '-') + "] ";
}

// How long each optional part is: 0 its longest form, higher shorter, the last form empty.
struct Forms {
  int bar = 0;      // 24 wide, 10 wide, none
  int band = 0;     // target and band, target only, none
  int reps = 0;     // "  rep  5/15", " 5/15", none
  int left = 0;     // "  12 s left", " 12 s", none
  int session = 0;  // ", session about 2:41", none
};

// The order in which parts give way when the line is too wide; then the stage's words are cut,
// down to kStageFloor characters; only then do the repetitions and the target go.
enum class Part { bar, band, reps, left, session };
constexpr std::array kShrinkOrder{Part::bar, Part::session, Part::band, Part::bar, Part::left, Part::reps, Part::left};
constexpr std::array kLastResort{Part::reps, Part::band};
constexpr int kStageFloor = 16;

std::string compose(const LiveView& v, const Forms& f, const std::string& stage) {
  std::string line;
  if (f.bar == 0) line += bar(v.stage_fraction, 24);
  else if (f.bar == 1) line += bar(v.stage_fraction, 10);
  line += stage;
  const char* colour = v.alarm ? kRed : (!v.setpoint_mmHg || in_band(v)) ? kGreen : kYellow;
  line += fmt::format(" {}{:.0f} mmHg", colour, v.pressure_mmHg);
  if (v.setpoint_mmHg) {
    const double sp = *v.setpoint_mmHg;
    if (f.band == 0) line += " " + target_and_band(sp);
    else if (f.band == 1) line += fmt::format(" (target {:.0f})", sp);
  }
  line += kReset;
  if (v.reps > 0) {
    if (f.reps == 0) line += fmt::format("  rep {:>2}/{}", v.rep, v.reps);
    else if (f.reps == 1) line += fmt::format(" {}/{}", v.rep, v.reps);
  }
  const auto stage_left = time_left(v.seconds_left);
  if (f.left == 0) line += fmt::format("  {} left", stage_left);
  else if (f.left == 1) line += " " + stage_left;
  if (f.session == 0) {
    const auto whole = static_cast<int>(std::lround(v.session_seconds_left));
    line += fmt::format(", session about {}:{:02}", whole / 60, whole % 60);
  }
  if (v.alarm) line += fmt::format("  {}ALARM{}", kRed, kReset);
  return line;
}

void shrink(Forms& f, Part p) {
  switch (p) {
    case Part::bar: f.bar = std::min(f.bar + 1, 2); break;
    case Part::band: f.band = std::min(f.band + 1, 2); break;
    case Part::reps: f.reps = std::min(f.reps + 1, 2); break;
    case Part::left: f.left = std::min(f.left + 1, 2); break;
    case Part::session: f.session = 1; break;
  }
}

// Whole UTF-8 characters off the end of `s` until it is at most `width` wide with "...".
std::string cut(const std::string& s, int width) {
  if (visible_width(s) <= width) return s;
  std::string shown = s;
  while (!shown.empty() && visible_width(shown) + 3 > width) {
    while (shown.size() > 1 && (static_cast<unsigned char>(shown.back()) & 0xC0U) == 0x80U) shown.pop_back();
    shown.pop_back();
  }
  return width >= 3 ? shown + "..." : shown;
}

// A stage "Exercise: set 2 of 4" keeps where it is ("set 2 of 4") and cuts the exercise's name.
std::string cut_stage(const std::string& s, int width) {
  const auto colon = s.rfind(": ");
  if (visible_width(s) <= width || colon == std::string::npos) return cut(s, width);
  const std::string tail = s.substr(colon);
  const int name_room = width - visible_width(tail);
  return name_room >= 4 ? cut(s.substr(0, colon), name_room) + tail : cut(s, width);
}

}  // namespace

// From this many seconds a stage's time left is shown as minutes and seconds.
constexpr int kMinutesFromS = 90;

std::string time_left(double seconds) {
  const auto left = static_cast<int>(std::lround(seconds));
  return left >= kMinutesFromS ? fmt::format("{}:{:02}", left / 60, left % 60) : fmt::format("{} s", left);
}

std::string target_and_band(double sp) {
  return fmt::format("(target {:.0f}, band {:.0f}-{:.0f})", sp, sp * (1 - core::kExerciseBand), sp * (1 + core::kExerciseBand));
}

int visible_width(std::string_view s) {
  int n = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\033') {  // CSI: ESC [ parameters, then a final byte from @ to ~
      if (i + 1 < s.size() && s[i + 1] == '[') {
        i += 2;
        while (i < s.size() && (s[i] < '@' || s[i] > '~')) ++i;
      }
      continue;
    }
    if ((static_cast<unsigned char>(s[i]) & 0xC0U) != 0x80U) ++n;  // not a continuation byte
  }
  return n;
}

std::string status_line(const LiveView& v, int columns) {
  const int width = std::max(columns - 1, 1);
  // A stage's words come from a stored plan: no control character of theirs reaches the terminal.
  std::string stage = v.stage;
  std::replace_if(stage.begin(), stage.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; }, '?');
  Forms f;
  std::string line = compose(v, f, stage);
  for (const Part p : kShrinkOrder) {
    if (visible_width(line) <= width) return line;
    shrink(f, p);
    line = compose(v, f, stage);
  }
  const auto with_stage_cut = [&](int floor) {
    const int others = visible_width(compose(v, f, "")), room = std::max(width - others, floor);
    return compose(v, f, cut_stage(stage, room));
  };
  line = with_stage_cut(kStageFloor);
  for (const Part p : kLastResort) {
    if (visible_width(line) <= width) return line;
    shrink(f, p);
    line = with_stage_cut(kStageFloor);
  }
  return visible_width(line) <= width ? line : with_stage_cut(0);
}

}  // namespace bfr::session

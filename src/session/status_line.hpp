#pragma once
// The live display's one line, fitted to the terminal's width. A line longer than the terminal
// wraps, and then every redraw ("\r", clear to the end of the line) scrolls a new line instead of
// redrawing in place: at 80 columns the full line (about 125 characters) did just that. What
// matters most stays (the stage, the pressure against its target, an alarm); the rest gets
// shorter or goes, in a fixed order; the stage's words are cut last.

#include <string>
#include <string_view>

#include "session/display.hpp"

namespace bfr::session {

// ANSI colours (ECMA-48 SGR): green in band, yellow outside it, red for alarms.
namespace ansi {
inline constexpr const char* kGreen = "\033[32m";
inline constexpr const char* kYellow = "\033[33m";
inline constexpr const char* kRed = "\033[1;31m";
inline constexpr const char* kReset = "\033[0m";
}  // namespace ansi

// The line for a terminal `columns` wide, with its colours; at most columns - 1 visible
// characters, so that the cursor never reaches the last column and wraps.
std::string status_line(const LiveView& v, int columns);

// A setpoint in words, "(target 104, band 94-114)": the live line and the plain display.
std::string target_and_band(double setpoint_mmHg);
// A stage's time left: "12 s" under a minute and a half, "7:05" from there (a walk's minutes).
std::string time_left(double seconds);

// Characters a terminal shows for `s`: UTF-8 code points, not counting ANSI escape sequences.
int visible_width(std::string_view s);

}  // namespace bfr::session

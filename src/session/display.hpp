#pragma once
// What a guided session shows. Two displays: live (a terminal: a redrawn status line with a
// progress bar, pressure against the target band and alarms in colour) and plain (one line per
// change or every few seconds: for logs, pipes and tests).

#include <memory>
#include <optional>
#include <string>

#include "core/regulation_bands.hpp"

namespace bfr::session {

// Where the session is: a stable id for a screen to decide what to show and offer (`stage` is
// the same in words).
// hold: a continuous hold (aerobic BFR: walking, cycling); effort: the Borg CR10 question after it.
enum class Step { starting, day_check, measuring_lop, refill, inflating, set, rest, hold, deflating, paused, effort, pain, ended };
const char* to_string(Step s);

struct LiveView {
  Step step = Step::starting;
  std::string stage;          // "Measuring LOP", "Leg press: set 2 of 4", "Rest", ...
  double stage_fraction = 0;  // 0..1, for the progress bar
  double seconds_left = 0;
  double pressure_mmHg = 0;
  std::optional<double> setpoint_mmHg;
  std::optional<double> lop_mmHg;    // the LOP the device regulates against, once it has one
  std::optional<double> target_pct;  // the setpoint as a share of that LOP
  int rep = 0, reps = 0;
  int set = 0, sets = 0;  // during an exercise: this set (from 1) of its sets
  bool alarm = false;
  bool can_pause = false;  // the cuff is on (inflating or regulating): pausing would deflate it
  double device_s = 0;  // the device's clock since the session began (a chart's time axis)
  double session_seconds_left = 0;  // about, from the plan (session_outlook.hpp)
  std::string next;                 // the next step in words; empty at the end
};

enum class Level { info, warning, alarm };

// What a question takes for an answer: a pain score 0-10, yes or no, or an effort rating 0-10
// (Borg CR10: 0 nothing at all, 10 maximal).
enum class AnswerKind { pain_0_10, yes_no, effort_0_10 };
const char* to_string(AnswerKind k);

class Display {
 public:
  virtual ~Display() = default;
  virtual void show(const LiveView& v) = 0;     // called often; may redraw or rate-limit
  virtual void say(Level level, const std::string& text) = 0;
  virtual void prompt(const std::string& question, AnswerKind kind) = 0;  // the answer is read by the caller
};

std::unique_ptr<Display> make_live_display();
std::unique_ptr<Display> make_plain_display();


}  // namespace bfr::session

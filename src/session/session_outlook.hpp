#pragma once
// What comes next in a guided session and about how long the whole session still takes, for the
// screen beside the machine ("Next: rest 30 s, cuff on"; "about 6:20 left"). An estimate from the
// plan: sets at the metronome's pace, rests, aerobic holds, an LOP measurement for each posture not measured yet,
// inflation, deflation and the limb's refill between exercises. The answers to questions are not
// counted (they take as long as the person takes).

#include <set>
#include <span>
#include <string>

#include "session/display.hpp"
#include "session/plan_blocks.hpp"
#include "session/session_plan.hpp"

namespace bfr::session {

// How long an LOP measurement typically takes (docs/controller.md): the progress bar's scale and
// the outlook's estimate.
inline constexpr double kExpectedLopS = 40.0;
// Between exercises the cuff stays off for at least a minute so that the limb refills, before the
// next exercise or the next posture's LOP (Patterson et al. 2019; data/programs.json cuff_use).
inline constexpr double kRefillS = 60.0;

// Typical device-time durations of the stages the plan does not set (docs/controller.md).
struct StageTimes {
  double lop_s = kExpectedLopS;  // an LOP measurement
  double inflate_s = 10.0;       // to the target
  double deflate_s = 3.0;        // to empty
  double refill_s = kRefillS;    // cuff off between exercises
};

struct Position {
  std::size_t exercise = 0;  // index into the plan's exercises, then its aerobic holds
  int set = 0;               // the set under way or just done, from 1; 0 before the first
  Step step = Step::starting;
  double stage_left_s = 0;   // what the current stage has left
  std::set<std::string> postures_measured;  // LOP known this session
};

struct Outlook {
  double seconds_left = 0;  // the whole session, about
  std::string next;         // the next step in words; empty at the end
};

// `at.exercise` counts the exercises first and then the aerobic holds, in the order they run.
Outlook outlook(std::span<const clinic::PlannedExercise> exercises, double rep_s, const Position& at, const StageTimes& times = {},
                std::span<const clinic::PlannedAerobic> aerobic = {});

}  // namespace bfr::session

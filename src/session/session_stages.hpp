#pragma once
// The stages of a guided session, each a type holding only what it needs, as core's phases are.
// A stage changes only in SessionMachine::step. Device time (seconds since the device started)
// marks when a stage began; the stage ends on what the device reports, the operator's input, or
// its own duration.

#include <cstddef>
#include <variant>

#include "session/session_options.hpp"

namespace bfr::session::stage {

// The day-of-session questions, before the cuff goes on: question `question`, asked `attempts`
// times so far (three answers that are neither yes nor no leave it unanswered).
struct DayCheck {
  std::size_t question = 0;
  int attempts = 0;
};
// Cuff off between exercises until `exercise` may begin: the limb refills.
struct Refill {
  std::size_t exercise = 0;
  double since_s = 0, for_s = 0;
};
// The device measures LOP in `exercise`'s posture.
struct MeasuringLop {
  std::size_t exercise = 0;
  double since_s = 0;
};
// Filling the cuff to `exercise`'s target.
struct Inflating {
  std::size_t exercise = 0;
  double since_s = 0;
};
// Set `set` (from 0) of `exercise`, to the metronome.
struct InSet {
  std::size_t exercise = 0, set = 0;
  double since_s = 0;
};
// Rest with the cuff on after set `set`.
struct Resting {
  std::size_t exercise = 0, set = 0;
  double since_s = 0;
};
// A continuous hold (aerobic BFR: walking or cycling) of the plan's aerobic block `exercise`
// (counted after the exercises): `held_s` were held before a pause, the rest from `since_s`.
struct Hold {
  std::size_t exercise = 0;
  double since_s = 0, held_s = 0;
};
// Emptying the cuff after `exercise`'s last set or its hold.
struct Deflating {
  std::size_t exercise = 0;
  double since_s = 0;
};
// The pain question after `exercise`.
struct PainQuestion {
  std::size_t exercise = 0;
  int attempts = 0;
};
// After a hold, before the pain question: how hard it was (Borg CR10).
struct EffortQuestion {
  std::size_t exercise = 0;
  int attempts = 0;
};

// Where a pause returns to: the stage it interrupted, from its start (a hold goes on from where
// it stopped: its time counts against the device's restriction limit).
using Interrupted = std::variant<Inflating, InSet, Resting, Hold>;
// Deflated at the operator's request; waiting for resume (or stop).
struct Paused {
  Interrupted back_to;
  bool resume_asked = false;
};
// Refilling the cuff after a resume, then back to the interrupted stage.
struct Resuming {
  Interrupted back_to;
  double since_s = 0;
};
struct Ended {
  Ending ending;
};

}  // namespace bfr::session::stage

namespace bfr::session {

using Stage = std::variant<stage::DayCheck, stage::Refill, stage::MeasuringLop, stage::Inflating, stage::InSet, stage::Resting,
                           stage::Hold, stage::Deflating, stage::EffortQuestion, stage::PainQuestion, stage::Paused,
                           stage::Resuming, stage::Ended>;

}  // namespace bfr::session

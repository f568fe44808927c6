#include "session/session_outlook.hpp"

#include <fmt/format.h>

namespace bfr::session {

namespace {

double set_s(const clinic::PlannedExercise& x, std::size_t set, double rep_s) { return x.reps[set] * rep_s; }

// Sets from `first` (0-based) to the end with the rests between them, then deflation.
double sets_from(const clinic::PlannedExercise& x, std::size_t first, double rep_s, const StageTimes& t) {
  double s = t.deflate_s;
  for (std::size_t i = first; i < x.reps.size(); ++i) s += set_s(x, i, rep_s) + (i + 1 < x.reps.size() ? x.rest_s : 0.0);
  return s;
}

bool needs_lop(const clinic::PlannedExercise& x, const std::set<std::string>& measured) { return x.posture.empty() || !measured.contains(x.posture); }

// A whole exercise from the start, as the ones after the current one run.
double whole(const clinic::PlannedExercise& x, double rep_s, std::set<std::string>& measured, const StageTimes& t) {
  double s = (needs_lop(x, measured) ? t.lop_s : 0.0) + t.inflate_s + sets_from(x, 0, rep_s, t);
  if (!x.posture.empty()) measured.insert(x.posture);
  return s;
}

std::string set_words(const clinic::PlannedExercise& x, std::size_t set) {
  return fmt::format("set {} of {}, {} repetitions", set + 1, x.reps.size(), x.reps[set]);
}

std::string after_exercise(std::span<const clinic::PlannedExercise> xs, std::size_t i) {
  return i + 1 < xs.size() ? fmt::format("Next: pain question, then cuff off 1 min before {}", xs[i + 1].name)
                           : "Next: pain question, then the session ends";
}

}  // namespace

Outlook outlook(std::span<const clinic::PlannedExercise> xs, double rep_s, const Position& at, const StageTimes& t) {
  Outlook o;
  if (xs.empty() || at.exercise >= xs.size() || at.step == Step::ended) return o;
  const auto& x = xs[at.exercise];
  auto measured = at.postures_measured;
  const std::size_t set = at.set > 0 ? static_cast<std::size_t>(at.set - 1) : 0;  // 0-based
  double current = 0;  // what this exercise has left after the current stage
  switch (at.step) {
    case Step::starting:
    case Step::day_check:
    case Step::refill:
      current = (needs_lop(x, measured) ? t.lop_s : 0.0) + t.inflate_s + sets_from(x, 0, rep_s, t);
      o.next = needs_lop(x, measured) ? fmt::format("Next: measuring LOP for {}", x.name)
                                      : fmt::format("Next: inflating to {:.0f} % of LOP for {}", x.pct_lop, x.name);
      break;
    case Step::measuring_lop:
      current = t.inflate_s + sets_from(x, 0, rep_s, t);
      o.next = fmt::format("Next: inflating to {:.0f} % of LOP for {}", x.pct_lop, x.name);
      break;
    case Step::inflating:
      current = sets_from(x, set, rep_s, t);
      o.next = "Next: " + set_words(x, set);
      break;
    case Step::set:
      current = sets_from(x, set + 1, rep_s, t) + (set + 1 < x.reps.size() ? x.rest_s : 0.0);
      o.next = set + 1 < x.reps.size() ? fmt::format("Next: rest {:.0f} s, cuff on", x.rest_s) : after_exercise(xs, at.exercise);
      break;
    case Step::rest:
      current = sets_from(x, set + 1, rep_s, t);
      o.next = set + 1 < x.reps.size() ? "Next: " + set_words(x, set + 1) : after_exercise(xs, at.exercise);
      break;
    case Step::paused:
      current = t.inflate_s + sets_from(x, set, rep_s, t);
      o.next = fmt::format("Resume inflates the cuff and starts set {} again", set + 1);
      break;
    case Step::deflating: o.next = after_exercise(xs, at.exercise); break;
    case Step::pain:
      o.next = at.exercise + 1 < xs.size() ? fmt::format("Next: cuff off 1 min before {}", xs[at.exercise + 1].name) : "Next: the session ends";
      break;
    case Step::ended: break;
  }
  if (!x.posture.empty()) measured.insert(x.posture);  // the current exercise measures it before any later one
  double later = 0;
  for (std::size_t i = at.exercise + 1; i < xs.size(); ++i) later += t.refill_s + whole(xs[i], rep_s, measured, t);
  o.seconds_left = at.stage_left_s + current + later;
  return o;
}

}  // namespace bfr::session

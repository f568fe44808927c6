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

bool needs_lop(const std::string& posture, const std::set<std::string>& measured) { return posture.empty() || !measured.contains(posture); }

// Block i's own cuff work from set `from` (a hold: all of it), deflation included.
double work_from(const PlanBlocks& b, std::size_t i, std::size_t from, double rep_s, const StageTimes& t) {
  return b.is_hold(i) ? b.hold_s(i) + t.deflate_s : sets_from(b.exercises[i], from, rep_s, t);
}

// A whole block from the start, as the ones after the current one run.
double whole(const PlanBlocks& b, std::size_t i, double rep_s, std::set<std::string>& measured, const StageTimes& t) {
  const auto& posture = b.posture(i);
  const double s = (needs_lop(posture, measured) ? t.lop_s : 0.0) + t.inflate_s + work_from(b, i, 0, rep_s, t);
  if (!posture.empty()) measured.insert(posture);
  return s;
}

std::string set_words(const clinic::PlannedExercise& x, std::size_t set) {
  return fmt::format("set {} of {}, {} repetitions", set + 1, x.reps.size(), x.reps[set]);
}

std::string after_block(const PlanBlocks& b, std::size_t i) {
  const char* questions = b.is_hold(i) ? "effort and pain questions" : "pain question";
  return i + 1 < b.size() ? fmt::format("Next: {}, then cuff off 1 min before {}", questions, b.name(i + 1))
                          : fmt::format("Next: {}, then the session ends", questions);
}

std::string inflating_words(const PlanBlocks& b, std::size_t i) {
  return fmt::format("Next: inflating to {:.0f} % of LOP for {}", b.pct_lop(i), b.name(i));
}

}  // namespace

Outlook outlook(std::span<const clinic::PlannedExercise> xs, double rep_s, const Position& at, const StageTimes& t,
                std::span<const clinic::PlannedAerobic> aerobic) {
  const PlanBlocks b{xs, aerobic};
  Outlook o;
  const auto i = at.exercise;
  if (i >= b.size() || at.step == Step::ended) return o;
  auto measured = at.postures_measured;
  const bool hold = b.is_hold(i);
  const bool lop = needs_lop(b.posture(i), measured);
  const std::size_t set = at.set > 0 ? static_cast<std::size_t>(at.set - 1) : 0;  // 0-based
  double current = 0;  // what this block has left after the current stage
  switch (at.step) {
    case Step::starting:
    case Step::day_check:
    case Step::refill:
      current = (lop ? t.lop_s : 0.0) + t.inflate_s + work_from(b, i, 0, rep_s, t);
      o.next = lop ? fmt::format("Next: measuring LOP for {}", b.name(i)) : inflating_words(b, i);
      break;
    case Step::measuring_lop:
      current = t.inflate_s + work_from(b, i, 0, rep_s, t);
      o.next = inflating_words(b, i);
      break;
    case Step::inflating:
      current = work_from(b, i, set, rep_s, t);
      o.next = hold ? fmt::format("Next: {}, {:.0f} min with the cuff on", b.name(i), b.hold(i).minutes) : "Next: " + set_words(xs[i], set);
      break;
    case Step::set:
      if (hold) break;
      current = sets_from(xs[i], set + 1, rep_s, t) + (set + 1 < xs[i].reps.size() ? xs[i].rest_s : 0.0);
      o.next = set + 1 < xs[i].reps.size() ? fmt::format("Next: rest {:.0f} s, cuff on", xs[i].rest_s) : after_block(b, i);
      break;
    case Step::rest:
      if (hold) break;
      current = sets_from(xs[i], set + 1, rep_s, t);
      o.next = set + 1 < xs[i].reps.size() ? "Next: " + set_words(xs[i], set + 1) : after_block(b, i);
      break;
    case Step::hold:
      current = t.deflate_s;
      o.next = after_block(b, i);
      break;
    case Step::paused:
      // A hold goes on for what it has left (the caller's stage_left_s); a set starts again.
      current = t.inflate_s + (hold ? t.deflate_s : sets_from(xs[i], set, rep_s, t));
      o.next = hold ? fmt::format("Resume inflates the cuff and {} goes on", b.name(i))
                    : fmt::format("Resume inflates the cuff and starts set {} again", set + 1);
      break;
    case Step::deflating: o.next = after_block(b, i); break;
    case Step::effort: o.next = "Next: pain question"; break;
    case Step::pain:
      o.next = i + 1 < b.size() ? fmt::format("Next: cuff off 1 min before {}", b.name(i + 1)) : "Next: the session ends";
      break;
    case Step::ended: break;
  }
  if (!b.posture(i).empty()) measured.insert(b.posture(i));  // the current block measures it before any later one
  double later = 0;
  for (std::size_t next = i + 1; next < b.size(); ++next) later += t.refill_s + whole(b, next, rep_s, measured, t);
  o.seconds_left = at.stage_left_s + current + later;
  return o;
}

}  // namespace bfr::session

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


// The plan's cuff work in the order a session runs it: the exercises, then the aerobic holds.
struct Blocks {
  std::span<const clinic::PlannedExercise> xs;
  std::span<const clinic::PlannedAerobic> holds;
  [[nodiscard]] std::size_t size() const { return xs.size() + holds.size(); }
  [[nodiscard]] bool is_hold(std::size_t i) const { return i >= xs.size(); }
  [[nodiscard]] const clinic::PlannedAerobic& hold(std::size_t i) const { return holds[i - xs.size()]; }
  [[nodiscard]] const std::string& name(std::size_t i) const { return i < xs.size() ? xs[i].name : holds[i - xs.size()].name; }
  [[nodiscard]] const std::string& posture(std::size_t i) const { return i < xs.size() ? xs[i].posture : holds[i - xs.size()].posture; }
};

double hold_s(const clinic::PlannedAerobic& a) { return a.minutes * 60.0; }

bool needs_lop(const std::string& posture, const std::set<std::string>& measured) { return posture.empty() || !measured.contains(posture); }

// A whole exercise from the start, as the ones after the current one run.
double whole(const Blocks& b, std::size_t i, double rep_s, std::set<std::string>& measured, const StageTimes& t) {
  const auto& posture = b.posture(i);
  double s = (needs_lop(posture, measured) ? t.lop_s : 0.0) + t.inflate_s;
  s += b.is_hold(i) ? hold_s(b.hold(i)) + t.deflate_s : sets_from(b.xs[i], 0, rep_s, t);
  if (!posture.empty()) measured.insert(posture);
  return s;
}

std::string set_words(const clinic::PlannedExercise& x, std::size_t set) {
  return fmt::format("set {} of {}, {} repetitions", set + 1, x.reps.size(), x.reps[set]);
}

std::string after_block(const Blocks& b, std::size_t i) {
  const char* questions = b.is_hold(i) ? "effort and pain questions" : "pain question";
  return i + 1 < b.size() ? fmt::format("Next: {}, then cuff off 1 min before {}", questions, b.name(i + 1))
                          : fmt::format("Next: {}, then the session ends", questions);
}

// What an aerobic hold has left after the current stage, and what comes next.
Outlook hold_outlook(const Blocks& b, const Position& at, std::set<std::string>& measured, const StageTimes& t) {
  const auto& a = b.hold(at.exercise);
  const bool lop = needs_lop(a.posture, measured);
  const auto inflating = fmt::format("Next: inflating to {:.0f} % of LOP for {}", a.pct_lop, a.name);
  const auto hold = fmt::format("Next: {}, {:.0f} min with the cuff on", a.name, a.minutes);
  Outlook o;
  switch (at.step) {
    case Step::starting:
    case Step::day_check:
    case Step::refill:
      o.seconds_left = (lop ? t.lop_s : 0.0) + t.inflate_s + hold_s(a) + t.deflate_s;
      o.next = lop ? fmt::format("Next: measuring LOP for {}", a.name) : inflating;
      break;
    case Step::measuring_lop: {
      o.seconds_left = t.inflate_s + hold_s(a) + t.deflate_s;
      o.next = inflating;
      break;
    }
    case Step::inflating: {
      o.seconds_left = hold_s(a) + t.deflate_s;
      o.next = hold;
      break;
    }
    case Step::hold: {
      o.seconds_left = t.deflate_s;
      o.next = after_block(b, at.exercise);
      break;
    }
    case Step::paused: {
      o.seconds_left = t.inflate_s + t.deflate_s;
      o.next = fmt::format("Resume inflates the cuff and {} goes on", a.name);
      break;
    }
    case Step::deflating: o.next = after_block(b, at.exercise); break;
    case Step::effort: o.next = "Next: pain question"; break;
    case Step::pain:
      o.next = at.exercise + 1 < b.size() ? fmt::format("Next: cuff off 1 min before {}", b.name(at.exercise + 1)) : "Next: the session ends";
      break;
    default: break;
  }
  return o;
}


}  // namespace

Outlook outlook(std::span<const clinic::PlannedExercise> xs, double rep_s, const Position& at, const StageTimes& t,
                std::span<const clinic::PlannedAerobic> aerobic) {
  const Blocks b{xs, aerobic};
  Outlook o;
  if (at.exercise >= b.size() || at.step == Step::ended) return o;
  auto measured = at.postures_measured;
  double current = 0;  // what this exercise has left after the current stage
  if (b.is_hold(at.exercise)) {
    const auto h = hold_outlook(b, at, measured, t);
    current = h.seconds_left;
    o.next = h.next;
  } else {
    const auto& x = xs[at.exercise];
    const std::size_t set = at.set > 0 ? static_cast<std::size_t>(at.set - 1) : 0;  // 0-based
    const bool lop = needs_lop(x.posture, measured);
    switch (at.step) {
      case Step::starting:
      case Step::day_check:
      case Step::refill:
        current = (lop ? t.lop_s : 0.0) + t.inflate_s + sets_from(x, 0, rep_s, t);
        o.next = lop ? fmt::format("Next: measuring LOP for {}", x.name)
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
        o.next = set + 1 < x.reps.size() ? fmt::format("Next: rest {:.0f} s, cuff on", x.rest_s) : after_block(b, at.exercise);
        break;
      case Step::rest:
        current = sets_from(x, set + 1, rep_s, t);
        o.next = set + 1 < x.reps.size() ? "Next: " + set_words(x, set + 1) : after_block(b, at.exercise);
        break;
      case Step::paused:
        current = t.inflate_s + sets_from(x, set, rep_s, t);
        o.next = fmt::format("Resume inflates the cuff and starts set {} again", set + 1);
        break;
      case Step::deflating: o.next = after_block(b, at.exercise); break;
      case Step::pain:
        o.next = at.exercise + 1 < b.size() ? fmt::format("Next: cuff off 1 min before {}", b.name(at.exercise + 1)) : "Next: the session ends";
        break;
      default: break;
    }
  }
  const auto& posture = b.posture(at.exercise);
  if (!posture.empty()) measured.insert(posture);  // the current block measures it before any later one
  double later = 0;
  for (std::size_t i = at.exercise + 1; i < b.size(); ++i) later += t.refill_s + whole(b, i, rep_s, measured, t);
  o.seconds_left = at.stage_left_s + current + later;
  return o;
}

}  // namespace bfr::session

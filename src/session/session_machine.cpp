#include "session/session_machine.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <charconv>

#include "core/faults.hpp"
#include "core/phases.hpp"
#include "link/wire_units.hpp"
#include "session/device_messages.hpp"
#include "session/event_words.hpp"
#include "session/session_outlook.hpp"
#include "core/overloaded.hpp"

namespace bfr::session {

namespace {

using link::CommandCode;
using core::PhaseId;

// Device-time limits for each stage (generous: the LOP search is bounded at 150 s with up to two
// retries, docs/controller.md). A stage that overruns its own length by more than kOverrunS ends
// the session as failed.
constexpr double kLopLimitS = 480.0;
constexpr double kInflateLimitS = 60.0;
constexpr double kDeflateLimitS = 30.0;
constexpr double kOverrunS = 30.0;
// Typical lengths, for the progress bar (docs/controller.md).
constexpr double kExpectedInflateS = 10.0;
constexpr double kExpectedDeflateS = 3.0;
// A question is asked at most this often before it is left unanswered.
constexpr int kAttempts = 3;
// Aerobic BFR is done at low intensity, under half of maximal (Patterson et al. 2019,
// published-data.md section 4); on Borg's CR10 scale 5 is "hard" (Borg 1982), so a rating above
// it says the hold was harder than prescribed (approx.: CR10 against %HRR is not one to one).
constexpr int kEasiestHardEffort = 5;
// The device plans holds in whole seconds up to 20 min (docs/protocol.md, start).
constexpr double kLongestPlannedHoldS = 1200.0;

std::optional<PhaseId> phase_of(const Tick& t) {
  if (!t.latest) return std::nullopt;
  return static_cast<PhaseId>(t.latest->phase);
}

bool cuff_on(std::optional<PhaseId> p) { return p == PhaseId::inflating || p == PhaseId::holding || p == PhaseId::resting; }

std::string trimmed(const std::string& s) {
  const auto first = s.find_first_not_of(" \t\r");
  if (first == std::string::npos) return {};
  return s.substr(first, s.find_last_not_of(" \t\r") - first + 1);
}

// A whole number 0-10: a pain score or an effort rating.
std::optional<int> zero_to_ten(const std::string& line) {
  const auto t = trimmed(line);
  int score = -1;
  const auto [end, error] = std::from_chars(t.data(), t.data() + t.size(), score);
  if (error != std::errc() || end != t.data() + t.size() || t.empty() || score < 0 || score > 10) return std::nullopt;
  return score;
}

std::optional<bool> yes_or_no(const std::string& line) {
  const auto t = trimmed(line);
  if (t == "y" || t == "yes" || t == "Y" || t == "Yes") return true;
  if (t == "n" || t == "no" || t == "N" || t == "No") return false;
  return std::nullopt;
}

}  // namespace

const char* to_string(Outcome o) {
  switch (o) {
    case Outcome::completed: return "completed";
    case Outcome::stopped: return "stopped";
    case Outcome::fault: return "fault";
    case Outcome::device_lost: return "device_lost";
    case Outcome::failed: return "failed";
    case Outcome::not_today: return "not_today";
  }
  return "?";
}

struct SessionMachine::Round {
  const Tick& tick;
  Effects out;
};

SessionMachine::SessionMachine(const clinic::Plan& plan, const GuidedSessionOptions& options, bool simulated)
    : plan_(plan), blocks_{plan.exercises, plan.aerobic}, o_(options), simulated_(simulated) {
  summary_["exercises_done"] = 0;
}

Effects SessionMachine::begin(const Tick& tick) {
  Round s{tick, {}};
  device_ms_ = tick.device_ms;
  if (!plan_.aerobic.empty()) summary_["holds_done"] = 0;
  if (o_.day_checks.empty()) {
    start_exercise(s, 0);
  } else {
    say(s, Level::info, "Before the cuff goes on: a few questions about today.");
    ask_day_check(s, 0, 0);
  }
  return std::move(s.out);
}

Effects SessionMachine::step(const Tick& tick) {
  Round s{tick, {}};
  if (std::holds_alternative<stage::Ended>(stage_)) return {};
  device_ms_ = tick.device_ms;
  for (const auto& e : tick.events) on_event(s, e);
  if (tick.trouble) {
    end(s, *tick.trouble);
  } else if (fault_) {
    end(s, {Outcome::fault, *fault_});
  } else if (tick.control == Control::stop) {
    end(s, {Outcome::stopped, "stopped by the operator"});
  } else {
    if (tick.control == Control::pause) pause(s);
    if (auto* p = std::get_if<stage::Paused>(&stage_); p && tick.control == Control::resume) p->resume_asked = true;
    advance(s);
  }
  if (!s.out.view) s.out.view = view_of_stage(tick);
  return std::move(s.out);
}

std::optional<Ending> SessionMachine::ended() const {
  if (const auto* e = std::get_if<stage::Ended>(&stage_)) return e->ending;
  return std::nullopt;
}

void SessionMachine::on_event(Round& s, const link::Event& e) {
  const auto ev = describe(e);
  s.out.records.push_back(ev);
  if (e.kind == link::EventKind::fault) {
    fault_ = fmt::format("fault: {}", in_words(static_cast<core::FaultId>(e.code)));
    say(s, Level::alarm, fmt::format("{}: the device has deflated the cuff.", *fault_));
  } else if (e.kind == link::EventKind::alarm_on) {
    say(s, Level::alarm, ev.text);
  } else if (e.kind == link::EventKind::lop_measured || e.kind == link::EventKind::lop_failed) {
    lop_event_ = e;
  } else if (e.kind == link::EventKind::deflated && !asked_for(static_cast<core::DeflateReason>(e.code))) {
    // The device deflated on its own (host silence, restriction time limit): the session cannot go on.
    fault_ = fmt::format("the device deflated the cuff by itself: {}", in_words(static_cast<core::DeflateReason>(e.code)));
    say(s, Level::alarm, *fault_);
  }
}

void SessionMachine::end(Round& s, Ending ending) {
  if (ending.outcome == Outcome::not_today) {  // the cuff was never inflated
    record(s, "not_today", 0, 0.0, ending.detail);
    say(s, Level::alarm, ending.detail + " The cuff was not inflated.");
  } else if (ending.outcome == Outcome::device_lost) {
    say(s, Level::alarm, fmt::format("{}. The device deflates by itself 1 s after the host goes silent: check that the cuff is empty.",
                                     ending.detail));
  }
  stage_ = stage::Ended{std::move(ending)};
}

// Only a cuff that is on can pause: while it inflates, during a set or a rest. The interrupted
// stage starts again after the resume.
void SessionMachine::pause(Round& s) {
  std::optional<stage::Interrupted> back;
  std::visit(Overloaded{[&](const stage::Inflating& x) { back = x; }, [&](const stage::InSet& x) { back = x; },
                        [&](const stage::Resting& x) { back = x; },
                        [&](const stage::Hold& x) { back = stage::Hold{x.exercise, 0.0, x.held_s + (device_s() - x.since_s)}; },
                        [&](const stage::Resuming& x) { back = x.back_to; }, [](const auto&) {}},
             stage_);
  if (!back || !cuff_on(phase_of(s.tick))) {
    if (!std::holds_alternative<stage::Paused>(stage_)) say(s, Level::warning, "Nothing to pause now (the cuff is not on).");
    return;
  }
  command(s, CommandCode::pause);
  say(s, Level::warning, std::holds_alternative<stage::Hold>(*back)
                             ? "Paused: the cuff deflates. Resume to go on (the hold goes on for the time it has left)."
                             : "Paused: the cuff deflates. Resume to go on (the current set starts again).");
  stage_ = stage::Paused{*back, false};
}

void SessionMachine::advance(Round& s) {
  const auto phase = phase_of(s.tick);
  const double now = device_s();
  const auto overran = [&](double since, double limit, const std::string& what) {
    if (now - since <= limit) return false;
    end(s, {Outcome::failed, fmt::format("timed out: {}", what)});
    return true;
  };
  // Each branch works on a copy: the stage may be replaced under it.
  std::visit(
      Overloaded{
          [&](stage::DayCheck at) {
            if (s.tick.answer) on_day_answer(s, at, *s.tick.answer);
          },
          [&](stage::Refill at) {
            if (now - at.since_s >= at.for_s)
              lop_for(s, at.exercise);
            else
              overran(at.since_s, at.for_s + kOverrunS, "Cuff off: the limb refills");
          },
          [&](stage::MeasuringLop at) {
            if (lop_event_ && phase == PhaseId::idle)
              lop_measured(s, at);
            else
              overran(at.since_s, kLopLimitS, "Measuring LOP");
          },
          [&](stage::Inflating at) {
            if (phase != PhaseId::resting)
              overran(at.since_s, kInflateLimitS, "Inflating");
            else if (blocks_.is_hold(at.exercise))
              start_hold(s, at.exercise, 0.0);
            else
              start_set(s, at.exercise, 0);
          },
          [&](stage::Hold at) {
            const double left = blocks_.hold_s(at.exercise) - at.held_s - (now - at.since_s);
            if (left <= 0.0) {
              command(s, CommandCode::stop);
              stage_ = stage::Deflating{at.exercise, now};
            } else {
              overran(at.since_s, blocks_.hold_s(at.exercise) - at.held_s + kOverrunS, hold_label(at));
            }
          },
          [&](stage::InSet at) {
            if (now - at.since_s >= set_s(at.exercise, at.set))
              set_done(s, at);
            else
              overran(at.since_s, set_s(at.exercise, at.set) + kOverrunS, set_label(at));
          },
          [&](stage::Resting at) {
            if (now - at.since_s >= exercise(at.exercise).rest_s)
              start_set(s, at.exercise, at.set + 1);
            else
              overran(at.since_s, exercise(at.exercise).rest_s + kOverrunS, "Rest, cuff on");
          },
          [&](stage::Deflating at) {
            if (phase != PhaseId::idle) {
              overran(at.since_s, kDeflateLimitS, "Deflating");
            } else if (blocks_.is_hold(at.exercise)) {
              deflated_at_s_ = now;
              summary_["holds_done"] = ++holds_done_;
              ask_effort(s, at.exercise, 0);
            } else {
              deflated_at_s_ = now;
              summary_["exercises_done"] = ++exercises_done_;
              ask_pain(s, at.exercise, 0);
            }
          },
          [&](stage::EffortQuestion at) {
            if (s.tick.answer) on_effort_answer(s, at, *s.tick.answer);
          },
          [&](stage::PainQuestion at) {
            if (s.tick.answer) on_pain_answer(s, at, *s.tick.answer);
          },
          [&](stage::Paused at) {
            // A resume is carried out once the device has finished deflating (it ignores one before).
            if (at.resume_asked && phase == PhaseId::paused) {
              command(s, CommandCode::resume);
              stage_ = stage::Resuming{at.back_to, now};
            }
          },
          [&](stage::Resuming at) {
            if (phase == PhaseId::resting) {
              say(s, Level::info, "Resumed.");
              back_to(s, at.back_to);
            } else {
              overran(at.since_s, kInflateLimitS, "Inflating");
            }
          },
          [](const stage::Ended&) {},
      },
      stage_);
}

// Yes or no to each question, in order. A yes, or a question left unanswered (input ended, or
// three answers that were neither), ends the session before the cuff goes on.
void SessionMachine::ask_day_check(Round& s, std::size_t question, int attempts) {
  s.out.view = view(s.tick, Step::day_check, "Before the cuff goes on", device_s(), 0.0);
  s.out.prompt = std::pair{o_.day_checks[question].question, AnswerKind::yes_no};
  stage_ = stage::DayCheck{question, attempts};
}

void SessionMachine::on_day_answer(Round& s, const stage::DayCheck& at, const std::optional<std::string>& line) {
  const auto& q = o_.day_checks[at.question];
  const auto yes = line ? yes_or_no(*line) : std::nullopt;
  if (line && !yes) {
    say(s, Level::warning, fmt::format("'{}' is not yes or no.", *line));
    if (at.attempts + 1 < kAttempts) {
      ask_day_check(s, at.question, at.attempts + 1);
      return;
    }
  }
  day_answers_[q.id] = yes ? nlohmann::json(*yes) : nlohmann::json();
  summary_["day_check"] = day_answers_;
  if (!yes) return end(s, {Outcome::not_today, "Not today: a question before the session was not answered (" + q.question + ")."});
  if (*yes) return end(s, {Outcome::not_today, (q.seek_care ? "Stop, seek medical care today: " : "Not today: ") + q.why});
  if (at.question + 1 < o_.day_checks.size()) return ask_day_check(s, at.question + 1, 0);
  record(s, "day_check", 0, 0.0, "every question before the session answered no");
  start_exercise(s, 0);
}

// After the first exercise the cuff stays off for at least a minute, so that the limb refills
// (the pain question's time counts).
void SessionMachine::start_exercise(Round& s, std::size_t i) {
  if (deflated_at_s_) {
    const double left = kRefillS - (device_s() - *deflated_at_s_);
    if (left > 0.0) {
      stage_ = stage::Refill{i, device_s(), left};
      return;
    }
  }
  lop_for(s, i);
}

// The LOP of this exercise's posture: measured now if this session has not measured it yet, else
// the one measured, given back to the device if it last measured another posture. One posture's
// LOP is never used for another (Hughes et al. 2018); an exercise without a posture (a plan
// stored before postures) always measures its own.
void SessionMachine::lop_for(Round& s, std::size_t i) {
  const auto& posture = blocks_.posture(i);
  const auto known = posture.empty() ? lop_by_posture_.end() : lop_by_posture_.find(posture);
  if (known != lop_by_posture_.end()) {
    lop_mmHg_ = known->second;
    if (device_lop_posture_ != posture) {
      command(s, CommandCode::set_lop, link::to_dmmHg(units::mmHg(lop_mmHg_)));
      device_lop_posture_ = posture;
      say(s, Level::info, fmt::format("LOP {} {:.0f} mmHg, as measured earlier this session.", posture, lop_mmHg_));
    }
    inflate(s, i);
    return;
  }
  say(s, Level::info, fmt::format("Measuring limb occlusion pressure {}: take the position of {} and stay still and relaxed.",
                                  posture.empty() ? "in the exercise's posture" : posture, blocks_.name(i)));
  lop_event_.reset();
  command(s, CommandCode::set_target, link::to_dpct(units::percent(blocks_.pct_lop(i))));
  command(s, CommandCode::measure_lop);
  stage_ = stage::MeasuringLop{i, device_s()};
}

void SessionMachine::lop_measured(Round& s, const stage::MeasuringLop& at) {
  const auto& posture = blocks_.posture(at.exercise);
  const auto e = *lop_event_;
  if (e.kind == link::EventKind::lop_failed) return end(s, {Outcome::failed, in_words(describe(e))});
  lop_mmHg_ = link::from_dmmHg(e.value).value_or(units::mmHg(0.0)).mmHg();
  store::LopMeasurement m;
  m.person_id = o_.person;
  m.limb = o_.limb;
  m.cuff_width_cm = o_.cuff_width_cm;
  m.lop_mmHg = lop_mmHg_;
  m.method = "device";
  m.quality = e.code / 100.0;
  m.simulated = simulated_;
  m.posture = posture;
  s.out.lop = m;
  s.out.first_lop = !summary_.contains("lop_mmHg");  // the session's headline LOP: its first
  if (s.out.first_lop) summary_["lop_mmHg"] = lop_mmHg_;
  if (!posture.empty()) {
    lop_by_posture_[posture] = lop_mmHg_;
    summary_["lop_mmHg_by_posture"] = lop_by_posture_;
  }
  device_lop_posture_ = posture;
  say(s, Level::info,
      fmt::format("LOP {}{:.0f} mmHg{}.", posture.empty() ? "" : posture + " ", lop_mmHg_, simulated_ ? " (simulated)" : ""));
  inflate(s, at.exercise);
}

void SessionMachine::inflate(Round& s, std::size_t i) {
  if (blocks_.is_hold(i)) {
    const auto& a = blocks_.hold(i);
    // The device is told the hold's length, so that its restriction limit and its supervisor's
    // backstop sit just above it (docs/safety.md).
    say(s, Level::info, fmt::format("Aerobic {} of {}: {}, {:.0f} min at {:.0f} %LOP ({:.0f} mmHg), {}.", i - plan_.exercises.size() + 1,
                                    plan_.aerobic.size(), a.name, a.minutes, a.pct_lop, a.pct_lop / 100.0 * lop_mmHg_, a.intensity));
    record(s, "hold", static_cast<int>(i), a.pct_lop, a.name);
    command(s, CommandCode::set_target, link::to_dpct(units::percent(a.pct_lop)));
    command(s, CommandCode::start, static_cast<std::uint16_t>(std::min(blocks_.hold_s(i), kLongestPlannedHoldS) + 0.5));
    stage_ = stage::Inflating{i, device_s()};
    return;
  }
  const auto& x = exercise(i);
  say(s, Level::info, fmt::format("Exercise {} of {}: {}, {} at {:.0f} %LOP ({:.0f} mmHg), load {:.0f} % 1RM{}.", i + 1,
                                  plan_.exercises.size(), x.name, fmt::join(x.reps, "-"), x.pct_lop, x.pct_lop / 100.0 * lop_mmHg_,
                                  x.load_pct_1rm, x.load_kg ? fmt::format(" ({:.1f} kg)", *x.load_kg) : ""));
  record(s, "exercise", static_cast<int>(i), x.pct_lop, x.name);
  command(s, CommandCode::set_target, link::to_dpct(units::percent(x.pct_lop)));
  command(s, CommandCode::start);
  stage_ = stage::Inflating{i, device_s()};
}

void SessionMachine::start_set(Round& s, std::size_t i, std::size_t set) {
  command(s, CommandCode::start_set, static_cast<std::uint16_t>(exercise(i).reps[set]), static_cast<std::uint16_t>(o_.rep_time.count()));
  stage_ = stage::InSet{i, set, device_s()};
}

// The set's time is up: rest with the cuff on, or after the last set deflate.
void SessionMachine::set_done(Round& s, const stage::InSet& at) {
  command(s, CommandCode::rest);
  if (at.set + 1 < exercise(at.exercise).reps.size()) {
    stage_ = stage::Resting{at.exercise, at.set, device_s()};
    return;
  }
  command(s, CommandCode::stop);
  stage_ = stage::Deflating{at.exercise, device_s()};
}

// A hold begins, or goes on after a resume: the person walks or cycles with the cuff on, no metronome.
void SessionMachine::start_hold(Round& s, std::size_t i, double held_s) {
  command(s, CommandCode::start_set);
  const auto& a = blocks_.hold(i);
  if (held_s == 0.0) say(s, Level::info, fmt::format("Start {} now, {}. The cuff stays on for {:.0f} min.", a.name, a.intensity, a.minutes));
  stage_ = stage::Hold{i, device_s(), held_s};
}

void SessionMachine::ask_effort(Round& s, std::size_t i, int attempts) {
  s.out.view = view(s.tick, Step::effort, "Cuff off: effort question", device_s(), 0.0);
  s.out.prompt = std::pair{fmt::format("How hard was {}, 0 (nothing at all) to 10 (maximal)? Borg CR10: 3 moderate, 5 hard, 7 very hard.",
                                       blocks_.hold(i).name),
                           AnswerKind::effort_0_10};
  stage_ = stage::EffortQuestion{i, attempts};
}

void SessionMachine::on_effort_answer(Round& s, const stage::EffortQuestion& at, const std::optional<std::string>& line) {
  const auto& a = blocks_.hold(at.exercise);
  if (const auto rating = line ? zero_to_ten(*line) : std::nullopt) {
    record(s, "effort", *rating, 0.0, a.name);
    summary_["effort_cr10"][a.id] = *rating;
    if (*rating > kEasiestHardEffort)
      say(s, Level::warning, fmt::format("Effort {}/10 is above what this plan asks for ({}): go slower next time.", *rating, a.intensity));
    return ask_pain(s, at.exercise, 0);
  }
  if (line) {
    say(s, Level::warning, fmt::format("'{}' is not a whole number from 0 to 10.", *line));
    if (at.attempts + 1 < kAttempts) return ask_effort(s, at.exercise, at.attempts + 1);
  }
  say(s, Level::warning, fmt::format("No effort rating recorded for {}.", a.name));
  ask_pain(s, at.exercise, 0);
}

void SessionMachine::ask_pain(Round& s, std::size_t i, int attempts) {
  s.out.view = view(s.tick, Step::pain, "Cuff off: pain question", device_s(), 0.0);
  s.out.prompt = std::pair{fmt::format("Pain at {} during {}, 0 (none) to 10 (worst imaginable)? Not the burn of the working muscle.",
                                       plan_.pain_rule.site, blocks_.name(i)),
                           AnswerKind::pain_0_10};
  stage_ = stage::PainQuestion{i, attempts};
}

void SessionMachine::on_pain_answer(Round& s, const stage::PainQuestion& at, const std::optional<std::string>& line) {
  const auto& name = blocks_.name(at.exercise);
  const auto& rule = plan_.pain_rule;
  if (const auto score = line ? zero_to_ten(*line) : std::nullopt) {
    s.out.pain = store::PainScore{blocks_.id(at.exercise), *score, ""};
    if (*score > rule.during_max) {
      say(s, Level::warning, fmt::format("Pain {}/10 is above this program's pain rule, {} (up to {}/10): {}", *score, rule.name,
                                         rule.during_max, rule.text));
      record(s, "pain_over_rule", *score, static_cast<double>(rule.during_max), name);
    }
    return next_exercise(s, at.exercise);
  }
  if (line) {
    say(s, Level::warning, fmt::format("'{}' is not a whole number from 0 to 10.", *line));
    if (at.attempts + 1 < kAttempts) return ask_pain(s, at.exercise, at.attempts + 1);
  }
  say(s, Level::warning, fmt::format("No pain score recorded for {}.", name));
  next_exercise(s, at.exercise);
}

void SessionMachine::next_exercise(Round& s, std::size_t after) {
  if (after + 1 < blocks_.size()) return start_exercise(s, after + 1);
  if (plan_.aerobic.empty()) return end(s, {Outcome::completed, fmt::format("{} exercise(s) done", plan_.exercises.size())});
  end(s, {Outcome::completed, fmt::format("{} exercise(s) and {} aerobic hold(s) done", plan_.exercises.size(), plan_.aerobic.size())});
}

void SessionMachine::back_to(Round& s, const stage::Interrupted& interrupted) {
  std::visit(Overloaded{[&](const stage::Inflating& x) { stage_ = stage::Inflating{x.exercise, device_s()}; },
                        [&](const stage::InSet& x) { start_set(s, x.exercise, x.set); },
                        [&](const stage::Resting& x) { stage_ = stage::Resting{x.exercise, x.set, device_s()}; },
                        [&](const stage::Hold& x) { start_hold(s, x.exercise, x.held_s); }},
             interrupted);
}

void SessionMachine::command(Round& s, CommandCode code, std::uint16_t value, std::uint16_t value2) const {
  s.out.commands.push_back({code, value, value2});
}

void SessionMachine::record(Round& s, std::string kind, int code, double value, std::string text) const {
  s.out.records.push_back({static_cast<std::int64_t>(device_ms_), std::move(kind), code, value, std::move(text)});
}

void SessionMachine::say(Round& s, Level level, std::string text) const { s.out.said.emplace_back(level, std::move(text)); }

double SessionMachine::rep_s() const { return static_cast<double>(o_.rep_time.count()) / 1000.0; }

double SessionMachine::set_s(std::size_t i, std::size_t set) const { return exercise(i).reps[set] * rep_s(); }

std::string SessionMachine::hold_label(const stage::Hold& at) const {
  const auto& a = blocks_.hold(at.exercise);
  return fmt::format("{}, {:.0f} %LOP ({})", a.name, a.pct_lop, a.intensity);
}

std::string SessionMachine::set_label(const stage::InSet& at) const {
  return fmt::format("{}: set {} of {}", exercise(at.exercise).name, at.set + 1, exercise(at.exercise).reps.size());
}

std::pair<std::size_t, int> SessionMachine::where() const {
  const auto from = [](const auto& x) -> std::pair<std::size_t, int> {
    using T = std::decay_t<decltype(x)>;
    if constexpr (std::is_same_v<T, stage::InSet> || std::is_same_v<T, stage::Resting>) return {x.exercise, static_cast<int>(x.set) + 1};
    else return {x.exercise, 0};
  };
  const auto sets_of = [&](std::size_t i) { return blocks_.is_hold(i) ? 0 : static_cast<int>(exercise(i).reps.size()); };
  return std::visit(
      Overloaded{[&](const stage::DayCheck&) -> std::pair<std::size_t, int> { return {0, 0}; },
                 [&](const stage::Ended&) -> std::pair<std::size_t, int> { return {blocks_.size(), 0}; },
                 [&](const stage::Deflating& x) -> std::pair<std::size_t, int> { return {x.exercise, sets_of(x.exercise)}; },
                 [&](const stage::PainQuestion& x) -> std::pair<std::size_t, int> { return {x.exercise, sets_of(x.exercise)}; },
                 [&](const stage::Paused& x) { return std::visit(from, x.back_to); },
                 [&](const stage::Resuming& x) { return std::visit(from, x.back_to); },
                 [&](const auto& x) { return from(x); }},
      stage_);
}

LiveView SessionMachine::view(const Tick& tick, Step step, const std::string& label, double since_s, double expected_s) const {
  LiveView v;
  v.step = step;
  v.stage = label;
  const double elapsed = device_s() - since_s;
  v.stage_fraction = expected_s > 0 ? elapsed / expected_s : 0.0;
  v.seconds_left = std::max(0.0, expected_s - elapsed);
  v.device_s = device_s();
  const auto phase = phase_of(tick);
  if (const auto& t = tick.latest) {
    v.pressure_mmHg = link::from_signed_dmmHg(t->pressure_dmmHg).mmHg();
    if (const auto sp = link::from_dmmHg(t->setpoint_dmmHg)) v.setpoint_mmHg = sp->mmHg();
    if (const auto lop = link::from_dmmHg(t->lop_dmmHg)) v.lop_mmHg = lop->mmHg();
    if (v.setpoint_mmHg && v.lop_mmHg) v.target_pct = link::from_dpct(t->target_dpct).percent();
    v.rep = t->rep;
    v.alarm = (t->flags & link::kFlagOffTarget) != 0;
    v.can_pause = step != Step::paused && cuff_on(phase);
  }
  const auto [exercise_index, set] = where();
  if ((step == Step::set || step == Step::rest) && exercise_index < plan_.exercises.size()) {
    v.set = set;
    v.sets = static_cast<int>(exercise(exercise_index).reps.size());
  }
  if (exercise_index < blocks_.size() && step != Step::ended) {
    Position at{exercise_index, set, step, v.seconds_left, {}};
    if (const auto* p = std::get_if<stage::Paused>(&stage_))
      if (const auto* h = std::get_if<stage::Hold>(&p->back_to)) at.stage_left_s = std::max(0.0, blocks_.hold_s(h->exercise) - h->held_s);
    for (const auto& [posture, lop] : lop_by_posture_) at.postures_measured.insert(posture);
    const auto o = outlook(plan_.exercises, rep_s(), at, {}, plan_.aerobic);
    v.session_seconds_left = o.seconds_left;
    v.next = o.next;
  }
  return v;
}

std::optional<LiveView> SessionMachine::view_of_stage(const Tick& tick) const {
  return std::visit(
      Overloaded{
          [&](const stage::Refill& x) -> std::optional<LiveView> {
            return view(tick, Step::refill, "Cuff off: the limb refills", x.since_s, x.for_s);
          },
          [&](const stage::MeasuringLop& x) -> std::optional<LiveView> {
            return view(tick, Step::measuring_lop, "Measuring LOP", x.since_s, kExpectedLopS);
          },
          [&](const stage::Inflating& x) -> std::optional<LiveView> {
            return view(tick, Step::inflating, "Inflating", x.since_s, kExpectedInflateS);
          },
          [&](const stage::InSet& x) -> std::optional<LiveView> {
            auto v = view(tick, Step::set, set_label(x), x.since_s, set_s(x.exercise, x.set));
            v.reps = exercise(x.exercise).reps[x.set];
            return v;
          },
          [&](const stage::Resting& x) -> std::optional<LiveView> {
            return view(tick, Step::rest, "Rest, cuff on", x.since_s, exercise(x.exercise).rest_s);
          },
          [&](const stage::Hold& x) -> std::optional<LiveView> {
            // Elapsed from the hold's first start: the time held before a pause counts.
            return view(tick, Step::hold, hold_label(x), x.since_s - x.held_s, blocks_.hold_s(x.exercise));
          },
          [&](const stage::Deflating& x) -> std::optional<LiveView> {
            return view(tick, Step::deflating, "Deflating", x.since_s, kExpectedDeflateS);
          },
          [&](const stage::Paused&) -> std::optional<LiveView> { return view(tick, Step::paused, "Paused", device_s(), 0.0); },
          [&](const stage::Resuming& x) -> std::optional<LiveView> {
            return view(tick, Step::inflating, "Inflating", x.since_s, kExpectedInflateS);
          },
          [](const auto&) -> std::optional<LiveView> { return std::nullopt; },  // questions show theirs when asked
      },
      stage_);
}

LiveView SessionMachine::view_ended(const Tick& tick) const { return view(tick, Step::ended, "Ended", device_s(), 0.0); }

}  // namespace bfr::session

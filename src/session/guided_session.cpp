#include "session/guided_session.hpp"

#include <fmt/format.h>

#include <cmath>
#include <map>
#include <nlohmann/json.hpp>

#include "core/faults.hpp"
#include "core/lop_search.hpp"
#include "core/phases.hpp"
#include "link/wire_units.hpp"
#include "session/event_words.hpp"
#include "session/session_metrics.hpp"
#include "session/session_outlook.hpp"
#include "session/store_writer.hpp"
#include "store/sample_codec.hpp"

namespace bfr::session {

namespace {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;
using link::CommandCode;
using core::PhaseId;

// Samples go to the store in batches this often: a crash loses at most this much (issue 6 asks
// for at most the last second).
constexpr auto kFlushEvery = 500ms;
// The host gives up on a device it has not heard from for this long; the device itself
// deflates after 1 s without the host (docs/protocol.md).
constexpr auto kDeviceSilence = 2s;
// Device-time limits for each stage (generous: the LOP search is bounded at 150 s with up to two
// retries, docs/controller.md).
constexpr double kLopLimitS = 480.0;
constexpr double kInflateLimitS = 60.0;
constexpr double kDeflateLimitS = 30.0;

// Why a session ended early.
struct Abort {
  Outcome outcome;
  std::string detail;
};
// The operator paused and resumed: the current set or rest starts again.
struct Restart {};

store::Sample to_sample(const link::Telemetry& t) {
  store::Sample s;
  s.t_ms = t.time_ms;
  s.pressure_mmHg = t.pressure_dmmHg / 10.0;
  if (const auto sp = link::from_dmmHg(t.setpoint_dmmHg)) s.setpoint_mmHg = sp->mmHg();
  s.target_pct = t.target_dpct / 10.0;
  s.phase = t.phase;
  s.set = t.set;
  s.rep = t.rep;
  s.pulse_mmHg = t.pulse_cmmHg / 100.0;
  s.off_target = (t.flags & link::kFlagOffTarget) != 0;
  s.fault = t.fault;
  return s;
}

// Deflations the session itself asks for (or that end an LOP measurement).
bool asked_for(core::DeflateReason r) {
  return r == core::DeflateReason::operator_stop || r == core::DeflateReason::operator_pause || r == core::DeflateReason::lop_done ||
         r == core::DeflateReason::lop_failed || r == core::DeflateReason::none;
}

store::SessionEvent describe(const link::Event& e) {
  store::SessionEvent r;
  r.t_ms = e.time_ms;
  r.code = e.code;
  r.value = e.value;
  switch (e.kind) {
    case link::EventKind::phase_changed:
      r.kind = "phase_changed";
      r.text = core::to_string(static_cast<PhaseId>(e.code));
      break;
    case link::EventKind::lop_measured:
      r.kind = "lop_measured";
      r.value = e.value / 10.0;
      r.text = fmt::format("LOP {:.1f} mmHg (quality {} %)", e.value / 10.0, e.code);
      break;
    case link::EventKind::lop_failed:
      r.kind = "lop_failed";
      r.text = fmt::format("LOP not measured: {}", core::to_string(static_cast<core::LopFailure>(e.code)));
      break;
    case link::EventKind::fault:
      r.kind = "fault";
      r.text = fmt::format("fault: {}", core::to_string(static_cast<core::FaultId>(e.code)));
      break;
    case link::EventKind::alarm_on:
      r.kind = "alarm_on";
      r.text = "pressure more than 15 mmHg off target for 1 s";
      break;
    case link::EventKind::alarm_off:
      r.kind = "alarm_off";
      r.text = "pressure back on target";
      break;
    case link::EventKind::deflated:
      r.kind = "deflated";
      r.text = fmt::format("deflating: {}", core::to_string(static_cast<core::DeflateReason>(e.code)));
      break;
  }
  return r;
}

class Runner {
 public:
  Runner(link::HostLink& link, store::Store& store, Display& display, Operator& op, const GuidedSessionOptions& o)
      : link_(link), store_(store), writer_(store), display_(display), operator_(op), o_(o) {}

  SessionResult run(const clinic::Plan& plan) {
    const auto& exercises = plan.exercises;
    exercises_ = &exercises;
    pain_rule_ = &plan.pain_rule;
    const auto hello = link_.connect();
    result_.simulated = hello.kind == link::DeviceKind::simulated;
    store::Session s;
    s.person_id = o_.person;
    s.plan_id = o_.plan;
    s.device = o_.device_label;
    s.simulated = result_.simulated;
    result_.session = store_.begin_session(s);
    session_ = result_.session;
    if (o_.on_started) o_.on_started(session_, result_.simulated);
    display_.say(Level::info, fmt::format("Session {} on the {}{}. Not medical advice: stop if anything feels wrong.",
                                          session_, o_.device_label, result_.simulated ? " (SIMULATED: not a real cuff)" : ""));
    say_what_is_not_run(plan.aerobic);
    try {
      check_the_day();
      for (std::size_t i = 0; i < exercises.size(); ++i) run_exercise(exercises[i], i, exercises.size());
      result_.outcome = Outcome::completed;
      result_.detail = fmt::format("{} exercise(s) done", exercises.size());
    } catch (const Abort& a) {
      result_.outcome = a.outcome;
      result_.detail = a.detail;
      end_early();
    } catch (const link::LinkError& e) {
      result_.outcome = Outcome::device_lost;
      result_.detail = e.what();
      display_.say(Level::alarm, fmt::format("Lost the device ({}). It deflates by itself 1 s after the host goes silent: "
                                             "check that the cuff is empty.", e.what()));
    }
    show_still(Step::ended, "Ended");  // the last pressure the device reported, after any deflation
    flush(true);
    writer_.drain();
    if (const auto failed = writer_.error(); failed && result_.outcome == Outcome::completed) {
      result_.outcome = Outcome::failed;
      result_.detail = "could not write to the database: " + *failed;
    }
    summary_["outcome"] = to_string(result_.outcome);
    summary_["detail"] = result_.detail;
    summary_["simulated"] = result_.simulated;
    summary_["exercises_done"] = exercises_done_;
    if (!lop_by_posture_.empty()) summary_["lop_mmHg_by_posture"] = lop_by_posture_;
    const auto& link_stats = link_.decoder_stats();
    nlohmann::json rejected = nlohmann::json::object();
    for (std::size_t i = 0; i < link_stats.rejected.size(); ++i)
      if (link_stats.rejected[i]) rejected[link::to_string(static_cast<link::Reject>(i))] = link_stats.rejected[i];
    summary_["link"] = {{"frames", link_stats.frames}, {"rejected", rejected}};
    summary_["figures"] = figures_json(figures_.result());  // history and lists need no samples
    store_.end_session(session_, to_string(result_.outcome), summary_.dump());
    return result_;
  }

 private:
  // One round: read the link, store what came, check for the reasons to stop, and obey the
  // operator's controls.
  void pump() {
    pump_link();
    const auto c = operator_.control();
    if (c == Control::stop) throw Abort{Outcome::stopped, "stopped by the operator"};
    if (c == Control::pause) pause();
  }

  // Deflated and waiting until the operator resumes (or stops). Only a cuff that is on can pause.
  void pause() {
    const auto p = phase();
    if (p != PhaseId::inflating && p != PhaseId::holding && p != PhaseId::resting) {
      display_.say(Level::warning, "Nothing to pause now (the cuff is not on).");
      return;
    }
    command(CommandCode::pause);
    display_.say(Level::warning, "Paused: the cuff deflates. Resume to go on (the current set starts again).");
    // A resume is carried out once the device has finished deflating (it ignores one before).
    bool resume = false;
    while (!resume || phase() != PhaseId::paused) {
      pump_link();
      display_.show(view(Step::paused, "Paused", device_s(), 0.0));
      const auto c = operator_.control();
      if (c == Control::stop) throw Abort{Outcome::stopped, "stopped by the operator"};
      resume |= c == Control::resume;
    }
    command(CommandCode::resume);
    wait_link(Step::inflating, "Inflating", [&] { return phase() == PhaseId::resting; });
    display_.say(Level::info, "Resumed.");
    throw Restart{};
  }

  // Pumps the link (not the operator's controls) until `done`, for at most kInflateLimitS.
  template <class Done>
  void wait_link(Step step, const std::string& stage, Done done) {
    const double started = device_s();
    while (!done()) {
      pump_link();
      display_.show(view(step, stage, started, 10.0));
      if (device_s() - started > kInflateLimitS) throw Abort{Outcome::failed, fmt::format("timed out: {}", stage)};
    }
  }

  void pump_link() {
    link_.service(5ms);
    for (const auto& t : link_.take_telemetry()) {
      samples_.push_back(to_sample(t));
      device_ms_ = t.time_ms;
    }
    for (const auto& e : link_.take_events()) on_event(e);
    flush(false);
    if (const auto failed = writer_.error()) throw Abort{Outcome::failed, "could not write to the database: " + *failed};
    if (!link_.take_refused().empty()) throw Abort{Outcome::failed, "the device refused a command (out of its range)"};
    if (link_.silence() > kDeviceSilence) throw Abort{Outcome::device_lost, "no telemetry from the device for 2 s"};
    if (fault_) throw Abort{Outcome::fault, *fault_};
  }

  void on_event(const link::Event& e) {
    const auto ev = describe(e);
    record(ev);
    if (e.kind == link::EventKind::fault) {
      fault_ = fmt::format("fault: {}", in_words(static_cast<core::FaultId>(e.code)));
      display_.say(Level::alarm, fmt::format("{}: the device has deflated the cuff.", *fault_));
    } else if (e.kind == link::EventKind::alarm_on) {
      display_.say(Level::alarm, ev.text);
    } else if (e.kind == link::EventKind::lop_measured || e.kind == link::EventKind::lop_failed) {
      lop_event_ = e;
    } else if (e.kind == link::EventKind::deflated && !asked_for(static_cast<core::DeflateReason>(e.code))) {
      // The device deflated on its own (host silence, restriction time limit): the session cannot go on.
      fault_ = fmt::format("the device deflated the cuff by itself: {}", in_words(static_cast<core::DeflateReason>(e.code)));
      display_.say(Level::alarm, *fault_);
    }
  }

  void flush(bool always) {
    if (samples_.empty() || (!always && Clock::now() - last_flush_ < kFlushEvery)) return;
    for (const auto& x : samples_) figures_.add(store::quantised(x));  // as the store keeps them
    writer_.post([id = session_, batch = std::exchange(samples_, {})](store::Store& s) { s.add_samples(id, batch); });
    last_flush_ = Clock::now();
  }

  int set_ = 0, sets_ = 0;  // the set under way, for the view
  const std::vector<clinic::PlannedExercise>* exercises_ = nullptr;  // the plan, for what comes next
  const clinic::PainRule* pain_rule_ = nullptr;                        // the plan's, for every exercise
  std::size_t exercise_ = 0;                                           // the one under way

  [[nodiscard]] double device_s() const { return static_cast<double>(device_ms_) / 1000.0; }
  [[nodiscard]] PhaseId phase() const { return link_.latest() ? static_cast<PhaseId>(link_.latest()->phase) : PhaseId::idle; }

  LiveView view(Step step, const std::string& stage, double started_s, double expected_s) const {
    LiveView v;
    v.step = step;
    v.stage = stage;
    const double elapsed = device_s() - started_s;
    v.stage_fraction = expected_s > 0 ? elapsed / expected_s : 0.0;
    v.seconds_left = std::max(0.0, expected_s - elapsed);
    v.device_s = device_s();
    if (const auto& t = link_.latest()) {
      v.pressure_mmHg = t->pressure_dmmHg / 10.0;
      if (const auto sp = link::from_dmmHg(t->setpoint_dmmHg)) v.setpoint_mmHg = sp->mmHg();
      if (const auto lop = link::from_dmmHg(t->lop_dmmHg)) v.lop_mmHg = lop->mmHg();
      if (v.setpoint_mmHg && v.lop_mmHg) v.target_pct = t->target_dpct / 10.0;
      v.rep = t->rep;
      v.alarm = (t->flags & link::kFlagOffTarget) != 0;
      v.can_pause = step != Step::paused && (phase() == PhaseId::inflating || phase() == PhaseId::holding || phase() == PhaseId::resting);
    }
    if (step == Step::set || step == Step::rest) {
      v.set = set_;
      v.sets = sets_;
    }
    if (exercises_ != nullptr) {
      Position at{exercise_, set_, step, v.seconds_left, {}};
      for (const auto& [posture, lop] : lop_by_posture_) at.postures_measured.insert(posture);
      const auto o = outlook(*exercises_, static_cast<double>(o_.rep_time.count()) / 1000.0, at);
      v.session_seconds_left = o.seconds_left;
      v.next = o.next;
    }
    return v;
  }

  // Shown while a question waits and when the session has ended: the stage is not a device stage.
  void show_still(Step step, const std::string& stage) { display_.show(view(step, stage, device_s(), 0.0)); }

  // Pumps until `done` (or for `expected_s` of device time when done is empty); fails after `limit_s`.
  template <class Done>
  void wait(Step step, const std::string& stage, double expected_s, double limit_s, Done done, int reps = 0) {
    const double started = device_s();
    for (;;) {
      pump();
      auto v = view(step, stage, started, expected_s);
      v.reps = reps;
      display_.show(v);
      if (done(device_s() - started)) return;
      if (device_s() - started > limit_s) throw Abort{Outcome::failed, fmt::format("timed out: {}", stage)};
    }
  }

  void command(CommandCode code, std::uint16_t value = 0, std::uint16_t value2 = 0) {
    link_.send({code, value, value2});
    record({static_cast<std::int64_t>(device_ms_), "command", static_cast<int>(code), static_cast<double>(value), link::to_string(code)});
  }

  static std::uint16_t deci(double v) { return static_cast<std::uint16_t>(std::lround(v * 10.0)); }

  // The LOP of this exercise's posture: measured now if this session has not measured it yet, else
  // the one measured, given back to the device if it last measured another posture. One posture's
  // LOP is never used for another (Hughes et al. 2018); an exercise without a posture (a plan
  // stored before postures) always measures its own.
  void lop_for(const clinic::PlannedExercise& x) {
    const auto known = x.posture.empty() ? lop_by_posture_.end() : lop_by_posture_.find(x.posture);
    if (known == lop_by_posture_.end()) {
      measure_lop(x);
      return;
    }
    lop_mmHg_ = known->second;
    if (device_lop_posture_ == x.posture) return;
    command(CommandCode::set_lop, deci(lop_mmHg_));
    device_lop_posture_ = x.posture;
    display_.say(Level::info, fmt::format("LOP {} {:.0f} mmHg, as measured earlier this session.", x.posture, lop_mmHg_));
  }

  void measure_lop(const clinic::PlannedExercise& x) {
    display_.say(Level::info, fmt::format("Measuring limb occlusion pressure {}: take the position of {} and stay still and relaxed.",
                                          x.posture.empty() ? "in the exercise's posture" : x.posture, x.name));
    lop_event_.reset();
    command(CommandCode::set_target, deci(x.pct_lop));
    command(CommandCode::measure_lop);
    wait(Step::measuring_lop, "Measuring LOP", kExpectedLopS, kLopLimitS, [&](double) { return lop_event_.has_value() && phase() == PhaseId::idle; });
    const auto e = *lop_event_;
    const auto ev = describe(e);
    if (e.kind == link::EventKind::lop_failed) throw Abort{Outcome::failed, in_words(ev)};
    lop_mmHg_ = e.value / 10.0;
    store::LopMeasurement m;
    m.person_id = o_.person;
    m.session_id = session_;
    m.limb = o_.limb;
    m.cuff_width_cm = o_.cuff_width_cm;
    m.lop_mmHg = lop_mmHg_;
    m.method = "device";
    m.quality = e.code / 100.0;
    m.simulated = result_.simulated;
    m.posture = x.posture;
    const bool first = !summary_.contains("lop_mmHg");
    writer_.post([id = session_, m, first](store::Store& s) {
      if (first) s.set_session_lop(id, m.lop_mmHg);  // the session's headline LOP: its first
      s.add_lop(m);
    });
    if (first) summary_["lop_mmHg"] = lop_mmHg_;
    if (!x.posture.empty()) lop_by_posture_[x.posture] = lop_mmHg_;
    device_lop_posture_ = x.posture;
    display_.say(Level::info, fmt::format("LOP {}{:.0f} mmHg{}.", x.posture.empty() ? "" : x.posture + " ", lop_mmHg_,
                                          result_.simulated ? " (simulated)" : ""));
  }

  void run_exercise(const clinic::PlannedExercise& x, std::size_t index, std::size_t count) {
    exercise_ = index;
    set_ = 0;
    if (deflated_at_s_) {
      const double left = kRefillS - (device_s() - *deflated_at_s_);  // the pain question's time counts
      if (left > 0.0)
        wait(Step::refill, "Cuff off: the limb refills", left, left + 30.0, [&](double elapsed) { return elapsed >= left; });
    }
    lop_for(x);
    display_.say(Level::info, fmt::format("Exercise {} of {}: {}, {} at {:.0f} %LOP ({:.0f} mmHg), load {:.0f} % 1RM{}.", index + 1,
                                          count, x.name, fmt::join(x.reps, "-"), x.pct_lop, x.pct_lop / 100.0 * lop_mmHg_,
                                          x.load_pct_1rm, x.load_kg ? fmt::format(" ({:.1f} kg)", *x.load_kg) : ""));
    record({static_cast<std::int64_t>(device_ms_), "exercise", static_cast<int>(index), x.pct_lop, x.name});
    command(CommandCode::set_target, deci(x.pct_lop));
    command(CommandCode::start);
    restartable([&] { wait(Step::inflating, "Inflating", 10.0, kInflateLimitS, [&](double) { return phase() == PhaseId::resting; }); });
    const double rep_s = static_cast<double>(o_.rep_time.count()) / 1000.0;
    sets_ = static_cast<int>(x.reps.size());
    for (std::size_t set = 0; set < x.reps.size(); ++set) {
      const int reps = x.reps[set];
      set_ = static_cast<int>(set) + 1;
      const double set_s = reps * rep_s;
      restartable([&] {
        command(CommandCode::start_set, static_cast<std::uint16_t>(reps), static_cast<std::uint16_t>(o_.rep_time.count()));
        wait(Step::set, fmt::format("{}: set {} of {}", x.name, set + 1, x.reps.size()), set_s, set_s + 30.0,
             [&](double elapsed) { return elapsed >= set_s; }, reps);
        command(CommandCode::rest);
      });
      if (set + 1 < x.reps.size())
        restartable([&] { wait(Step::rest, "Rest, cuff on", x.rest_s, x.rest_s + 30.0, [&](double elapsed) { return elapsed >= x.rest_s; }); });
    }
    command(CommandCode::stop);
    wait(Step::deflating, "Deflating", 3.0, kDeflateLimitS, [&](double) { return phase() == PhaseId::idle; });
    deflated_at_s_ = device_s();
    ++exercises_done_;
    ask_pain(x);
  }

  // The plan's walking or cycling under the cuff: this session does not hold the cuff through
  // aerobic work (a 5-20 min hold needs restriction limits of its own, issue 14), so it says so
  // before the cuff goes on, in the session's events and its summary, rather than leaving the
  // plan's aerobic part out without a word.
  void say_what_is_not_run(const std::vector<clinic::PlannedAerobic>& aerobic) {
    if (aerobic.empty()) return;
    std::vector<std::string> parts;
    for (const auto& a : aerobic) parts.push_back(fmt::format("{} {:.0f} min at {:.0f} %LOP", a.name, a.minutes, a.pct_lop));
    const auto what = fmt::format("{}", fmt::join(parts, ", "));
    display_.say(Level::warning, fmt::format("This plan also has {} under the cuff. This session guides the resistance exercises only: "
                                             "do not walk or cycle with the cuff on without a device holding the pressure; ask your "
                                             "clinician whether to do it without the cuff.",
                                             what));
    record({static_cast<std::int64_t>(device_ms_), "not_run", static_cast<int>(aerobic.size()), 0.0, "aerobic work under the cuff: " + what});
    summary_["aerobic_not_run"] = parts;
  }

  // Runs a stage again each time the operator pauses and resumes during it.
  template <class Stage>
  void restartable(Stage stage) {
    for (;;) {
      try {
        stage();
        return;
      } catch (const Restart&) {
      }
    }
  }

  // The operator's next answer, keeping the link alive meanwhile (the cuff is off: no pause).
  // Empty at the end of input.
  std::optional<std::string> read_line() {
    for (;;) {
      pump_link();
      if (operator_.control() == Control::stop) throw Abort{Outcome::stopped, "stopped by the operator"};
      if (auto a = operator_.answer()) return *a;
    }
  }

  // Before the cuff inflates: every day-of-session question must be answered no. The answers are
  // kept in the session's summary; a yes, or a question left unanswered, ends the session here.
  void check_the_day() {
    if (o_.day_checks.empty()) return;
    display_.say(Level::info, "Before the cuff goes on: a few questions about today.");
    nlohmann::json answers = nlohmann::json::object();
    for (const auto& q : o_.day_checks) {
      const auto yes = ask_yes_no(q.question);
      answers[q.id] = yes ? nlohmann::json(*yes) : nlohmann::json();
      summary_["day_check"] = answers;
      if (!yes) throw Abort{Outcome::not_today, "Not today: a question before the session was not answered (" + q.question + ")."};
      if (*yes)
        throw Abort{Outcome::not_today, (q.seek_care ? "Stop, seek medical care today: " : "Not today: ") + q.why};
    }
    record({static_cast<std::int64_t>(device_ms_), "day_check", 0, 0.0, "every question before the session answered no"});
  }

  // Yes or no to one question; empty when input ends or three answers were neither.
  std::optional<bool> ask_yes_no(const std::string& question) {
    show_still(Step::day_check, "Before the cuff goes on");
    for (int attempt = 0; attempt < 3; ++attempt) {
      display_.prompt(question, AnswerKind::yes_no);
      const auto line = read_line();
      if (!line) return std::nullopt;
      if (*line == "y" || *line == "yes" || *line == "Y" || *line == "Yes") return true;
      if (*line == "n" || *line == "no" || *line == "N" || *line == "No") return false;
      display_.say(Level::warning, fmt::format("'{}' is not yes or no.", *line));
    }
    return std::nullopt;
  }

  void ask_pain(const clinic::PlannedExercise& x) {
    const auto& rule = *pain_rule_;
    show_still(Step::pain, "Cuff off: pain question");
    for (int attempt = 0; attempt < 3; ++attempt) {
      display_.prompt(fmt::format("Pain at {} during {}, 0 (none) to 10 (worst imaginable)? Not the burn of the working muscle.",
                                  rule.site, x.name),
                      AnswerKind::pain_0_10);
      const auto line = read_line();
      if (!line) break;
      try {
        std::size_t used = 0;
        const int score = std::stoi(*line, &used);
        if (used == line->size() && score >= 0 && score <= 10) {
          writer_.post([id = session_, p = store::PainScore{x.id, score, store::now_utc()}](store::Store& s) { s.add_pain(id, p); });
          if (score > rule.during_max) {
            display_.say(Level::warning, fmt::format("Pain {}/10 is above this program's pain rule, {} (up to {}/10): {}", score,
                                                     rule.name, rule.during_max, rule.text));
            record({static_cast<std::int64_t>(device_ms_), "pain_over_rule", score, static_cast<double>(rule.during_max), x.name});
          }
          return;
        }
      } catch (const std::exception&) {
      }
      display_.say(Level::warning, fmt::format("'{}' is not a whole number from 0 to 10.", *line));
    }
    display_.say(Level::warning, fmt::format("No pain score recorded for {}.", x.name));
  }

  // After an interruption or a failure: deflate first, then say so. A fault already deflated the
  // cuff; a lost device deflates by itself.
  void end_early() {
    if (result_.outcome == Outcome::not_today) {  // the cuff was never inflated
      record({static_cast<std::int64_t>(device_ms_), "not_today", 0, 0.0, result_.detail});
      display_.say(Level::alarm, result_.detail + " The cuff was not inflated.");
      return;
    }
    if (result_.outcome == Outcome::device_lost) {
      display_.say(Level::alarm, fmt::format("{}. The device deflates by itself 1 s after the host goes silent: check that "
                                             "the cuff is empty.", result_.detail));
      return;
    }
    try {
      link_.send({CommandCode::deflate, 0, 0});
      const auto deadline = Clock::now() + 5s;
      while (Clock::now() < deadline) {
        link_.service(5ms);
        for (const auto& t : link_.take_telemetry()) samples_.push_back(to_sample(t));
        for (const auto& e : link_.take_events()) record(describe(e));
        const auto& t = link_.latest();
        if (t && t->pressure_dmmHg < 200 && (t->phase == static_cast<std::uint8_t>(PhaseId::idle) ||
                                             t->phase == static_cast<std::uint8_t>(PhaseId::fault)))
          break;
      }
    } catch (const link::LinkError&) {
    }
    const auto& t = link_.latest();
    display_.say(result_.outcome == Outcome::stopped ? Level::warning : Level::alarm,
                 fmt::format("{}. Cuff deflated ({:.0f} mmHg).", result_.detail, t ? t->pressure_dmmHg / 10.0 : 0.0));
  }

  void record(const store::SessionEvent& e) {
    writer_.post([id = session_, e](store::Store& s) { s.add_event(id, e); });
  }

  link::HostLink& link_;
  store::Store& store_;
  StoreWriter writer_;
  Display& display_;
  Operator& operator_;
  const GuidedSessionOptions& o_;
  SessionResult result_;
  store::Id session_ = 0;
  std::vector<store::Sample> samples_;
  SessionMetricsBuilder figures_;  // of every sample written
  Clock::time_point last_flush_ = Clock::now();
  std::uint32_t device_ms_ = 0;
  std::optional<std::string> fault_;
  std::optional<link::Event> lop_event_;
  double lop_mmHg_ = 0;  // of the current exercise's posture
  std::map<std::string, double> lop_by_posture_;  // measured this session
  std::string device_lop_posture_;                 // whose LOP the device holds now
  std::optional<double> deflated_at_s_;            // device time the last exercise's cuff was empty
  int exercises_done_ = 0;
  nlohmann::json summary_ = nlohmann::json::object();
};

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

SessionResult run_guided_session(link::HostLink& link, store::Store& store, Display& display, Operator& op,
                                 const clinic::Plan& plan, const GuidedSessionOptions& options) {
  Runner r(link, store, display, op, options);
  return r.run(plan);
}

}  // namespace bfr::session

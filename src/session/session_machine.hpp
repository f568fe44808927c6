#pragma once
// A guided session's decisions as one pure step, like core's Controller::step: what the device
// reported, the operator's input and the device's clock in; commands for the device, records for
// the store, words and a view for the display out. No I/O, no clocks, no exceptions: the loop that
// talks to the link, the store and the display is run_guided_session (guided_session.cpp).
//
// The session: the day-of-session questions; then for each exercise of the plan the limb's refill
// after the one before, the LOP of its posture (measured the first time the posture comes, given
// back to the device after), inflation, each set to the metronome with a rest with the cuff on
// between sets, deflation, and the pain question. Then each aerobic block the same way, with one
// continuous hold (walking or cycling) for its minutes in place of the sets, and the effort
// question (Borg CR10) before the pain question. Exercises and aerobic blocks are numbered in that
// order: block i < exercises is an exercise, the rest are aerobic. Pause deflates and keeps the session; resume
// refills the cuff and starts the interrupted inflation, set or rest again. Stop, a fault, a
// device that deflates by itself, a stage that overruns or trouble the loop reports end it.

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "clinic/plan.hpp"
#include "link/messages.hpp"
#include "session/display.hpp"
#include "session/operator.hpp"
#include "session/plan_blocks.hpp"
#include "session/session_options.hpp"
#include "session/session_stages.hpp"
#include "store/records.hpp"

namespace bfr::session {

// What happened since the last step.
struct Tick {
  std::uint32_t device_ms = 0;               // the device's clock, from its latest telemetry
  std::optional<link::Telemetry> latest;     // the latest telemetry (none before the first)
  std::vector<link::Event> events;           // the device's events since the last step
  std::optional<Control> control;            // the operator's control, if one was given
  std::optional<std::optional<std::string>> answer;  // a line typed (an empty inner one: input ended)
  std::optional<Ending> trouble;             // what the loop could not go on with (database, link)
};

// What to do now, in this order: store the records, send the commands (each is recorded too, after
// the records that led to it), store the LOP and the pain score, say the words, show the view, ask
// the question.
struct Effects {
  std::vector<link::Command> commands;
  std::vector<store::SessionEvent> records;
  std::vector<std::pair<Level, std::string>> said;
  std::optional<LiveView> view;
  std::optional<std::pair<std::string, AnswerKind>> prompt;
  std::optional<store::LopMeasurement> lop;  // measured now; `first_lop` if it is the session's first
  bool first_lop = false;
  std::optional<store::PainScore> pain;
};

class SessionMachine {
 public:
  // `plan` must outlive the machine; its exercises are run in order.
  SessionMachine(const clinic::Plan& plan, const GuidedSessionOptions& options, bool simulated);

  // Before the first step: what the session says and records before the cuff goes on.
  Effects begin(const Tick& tick);
  Effects step(const Tick& tick);

  [[nodiscard]] const Stage& stage() const { return stage_; }
  // How the session ended, once it has. For not_today and device_lost the step that ended it has
  // said so; for the others the loop deflates the cuff first and then says how it ended.
  [[nodiscard]] std::optional<Ending> ended() const;
  // The view once the session has ended: the last pressure the device reported.
  [[nodiscard]] LiveView view_ended(const Tick& tick) const;
  // What the session keeps in its summary: day-check answers, LOP, exercises done, parts not run.
  [[nodiscard]] const nlohmann::json& summary() const { return summary_; }

 private:
  struct Round;  // one step's input and output together
  void on_event(Round& s, const link::Event& e);
  void end(Round& s, Ending ending);
  void pause(Round& s);
  void advance(Round& s);

  void ask_day_check(Round& s, std::size_t question, int attempts);
  void on_day_answer(Round& s, const stage::DayCheck& at, const std::optional<std::string>& line);
  void start_exercise(Round& s, std::size_t exercise);
  void lop_for(Round& s, std::size_t exercise);
  void lop_measured(Round& s, const stage::MeasuringLop& at);
  void inflate(Round& s, std::size_t exercise);
  void start_set(Round& s, std::size_t exercise, std::size_t set);
  void set_done(Round& s, const stage::InSet& at);
  void start_hold(Round& s, std::size_t block, double held_s);
  void ask_effort(Round& s, std::size_t block, int attempts);
  void on_effort_answer(Round& s, const stage::EffortQuestion& at, const std::optional<std::string>& line);
  void ask_pain(Round& s, std::size_t exercise, int attempts);
  void on_pain_answer(Round& s, const stage::PainQuestion& at, const std::optional<std::string>& line);
  void next_exercise(Round& s, std::size_t after);
  void back_to(Round& s, const stage::Interrupted& stage);

  void command(Round& s, link::CommandCode code, std::uint16_t value = 0, std::uint16_t value2 = 0) const;
  void record(Round& s, std::string kind, int code, double value, std::string text) const;
  void say(Round& s, Level level, std::string text) const;
  [[nodiscard]] LiveView view(const Tick& tick, Step step, const std::string& label, double since_s, double expected_s) const;
  [[nodiscard]] std::optional<LiveView> view_of_stage(const Tick& tick) const;  // none for questions and the end
  [[nodiscard]] std::pair<std::size_t, int> where() const;  // the exercise, and its set under way or done (from 1)
  [[nodiscard]] double device_s() const { return static_cast<double>(device_ms_) / 1000.0; }
  [[nodiscard]] double rep_s() const;
  [[nodiscard]] double set_s(std::size_t exercise, std::size_t set) const;
  [[nodiscard]] std::string set_label(const stage::InSet& at) const;
  [[nodiscard]] std::string hold_label(const stage::Hold& at) const;
  [[nodiscard]] const clinic::PlannedExercise& exercise(std::size_t i) const { return plan_.exercises[i]; }

  const clinic::Plan& plan_;
  PlanBlocks blocks_;  // the plan's exercises and then its aerobic blocks, as the session runs them
  const GuidedSessionOptions& o_;
  bool simulated_;
  Stage stage_{stage::DayCheck{}};
  std::uint32_t device_ms_ = 0;
  std::optional<link::Event> lop_event_;           // the device's answer to a measurement
  std::optional<std::string> fault_;               // why the device deflated on its own
  double lop_mmHg_ = 0;                            // of the current exercise's posture
  std::map<std::string, double> lop_by_posture_;   // measured this session
  std::string device_lop_posture_;                 // whose LOP the device holds now
  std::optional<double> deflated_at_s_;            // device time the last exercise's cuff was empty
  int exercises_done_ = 0;
  int holds_done_ = 0;
  nlohmann::json day_answers_ = nlohmann::json::object();
  nlohmann::json summary_ = nlohmann::json::object();
};

}  // namespace bfr::session

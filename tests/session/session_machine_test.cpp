// The session's decisions without a device, a store or a clock: the pure step driven by hand-made
// telemetry, events and operator input, asserting the commands it sends and where it goes.
#include "session/session_machine.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "core/phases.hpp"

namespace bfr::session {
namespace {

using core::PhaseId;
using link::CommandCode;

// One exercise of two sets of 5 at 2 s a repetition (10 s each), 30 s rest, 60 %LOP, seated.
clinic::Plan two_sets() {
  clinic::Plan p;
  clinic::PlannedExercise x;
  x.id = "leg_press";
  x.name = "Leg press";
  x.posture = "seated";
  x.reps = {5, 5};
  x.rest_s = 30;
  x.pct_lop = 60;
  p.exercises = {x};
  p.pain_rule = {"tendon", "tendon pain", "the tendon", "Up to 5/10.", 5, {}};
  return p;
}

std::vector<CommandCode> codes(const Effects& e) {
  std::vector<CommandCode> out;
  for (const auto& c : e.commands) out.push_back(c.code);
  return out;
}

// Drives a machine: each call is one step at `ms` of device time with the device in `phase`.
class Driver {
 public:
  explicit Driver(const clinic::Plan& plan, std::vector<clinic::DayCheck> checks = {}) : plan_(plan) {
    options_.rep_time = std::chrono::milliseconds(2000);
    options_.day_checks = std::move(checks);
    machine_ = std::make_unique<SessionMachine>(plan_, options_, true);
  }
  Effects begin() { return machine_->begin(tick(0, PhaseId::idle)); }
  Effects at(std::uint32_t ms, PhaseId phase, std::vector<link::Event> events = {}, std::optional<Control> control = {},
             std::optional<std::optional<std::string>> answer = {}) {
    auto t = tick(ms, phase);
    t.events = std::move(events);
    t.control = control;
    t.answer = std::move(answer);
    return machine_->step(t);
  }
  Effects answer(std::uint32_t ms, const std::string& line) { return at(ms, PhaseId::idle, {}, {}, std::optional<std::string>(line)); }
  SessionMachine& machine() { return *machine_; }

 private:
  static Tick tick(std::uint32_t ms, PhaseId phase) {
    link::Telemetry t;
    t.time_ms = ms;
    t.phase = static_cast<std::uint8_t>(phase);
    t.pressure_dmmHg = 1200;
    return Tick{ms, t, {}, std::nullopt, std::nullopt, std::nullopt};
  }
  clinic::Plan plan_;
  GuidedSessionOptions options_;
  std::unique_ptr<SessionMachine> machine_;
};

link::Event lop_measured(std::uint32_t ms, double mmHg) {
  return {ms, link::EventKind::lop_measured, 90, static_cast<std::uint16_t>(mmHg * 10.0)};
}

// Up to the first set under way: LOP measured at 1 s (200 mmHg), inflated at 5 s.
void to_first_set(Driver& d) {
  EXPECT_EQ(codes(d.begin()), (std::vector{CommandCode::set_target, CommandCode::measure_lop}));
  const auto measured = d.at(1000, PhaseId::idle, {lop_measured(1000, 200.0)});
  ASSERT_TRUE(measured.lop);
  EXPECT_DOUBLE_EQ(measured.lop->lop_mmHg, 200.0);
  EXPECT_EQ(measured.lop->posture, "seated");
  EXPECT_TRUE(measured.first_lop);
  EXPECT_EQ(codes(measured), (std::vector{CommandCode::set_target, CommandCode::start}));
  EXPECT_EQ(measured.commands[0].value, 600);  // 60.0 %LOP in deci-percent
  EXPECT_TRUE(codes(d.at(3000, PhaseId::inflating)).empty());
  const auto set = d.at(5000, PhaseId::resting);
  ASSERT_EQ(codes(set), (std::vector{CommandCode::start_set}));
  EXPECT_EQ(set.commands[0].value, 5);
  EXPECT_EQ(set.commands[0].value2, 2000);
  ASSERT_TRUE(std::holds_alternative<stage::InSet>(d.machine().stage()));
}

// A plan of one aerobic block: walking 5 min at 50 %LOP, standing.
clinic::Plan walk_only() {
  clinic::Plan p;
  clinic::PlannedAerobic a;
  a.id = "walking";
  a.name = "Walking";
  a.posture = "standing";
  a.minutes = 5;
  a.pct_lop = 50;
  a.intensity = "easy: able to talk";
  p.aerobic = {a};
  p.pain_rule = {"tendon", "tendon pain", "the tendon", "Up to 5/10.", 5, {}};
  return p;
}

// Issue 14: an aerobic block is one continuous hold. The device is told its length in the start
// command; a pause keeps the time already held, so the hold lasts its minutes in all and the
// device's restriction limit (the plan + 1 min) is never reached; effort is asked before pain.
TEST(SessionMachine, AnAerobicHoldTellsTheDeviceItsLengthKeepsItsTimeOverAPauseAndAsksEffortThenPain) {
  Driver d(walk_only());
  EXPECT_EQ(codes(d.begin()), (std::vector{CommandCode::set_target, CommandCode::measure_lop}));
  const auto measured = d.at(1000, PhaseId::idle, {lop_measured(1000, 220.0)});
  ASSERT_TRUE(measured.lop);
  EXPECT_EQ(measured.lop->posture, "standing");
  ASSERT_EQ(codes(measured), (std::vector{CommandCode::set_target, CommandCode::start}));
  EXPECT_EQ(measured.commands[0].value, 500);
  EXPECT_EQ(measured.commands[1].value, 300) << "the planned hold, in seconds";
  const auto walking = d.at(5000, PhaseId::resting);
  ASSERT_EQ(codes(walking), (std::vector{CommandCode::start_set}));
  EXPECT_EQ(walking.commands[0].value, 0) << "no repetitions, no metronome";
  ASSERT_TRUE(walking.view);
  EXPECT_EQ(walking.view->step, Step::hold);
  EXPECT_NEAR(walking.view->seconds_left, 300.0, 0.01);
  EXPECT_NE(walking.view->stage.find("easy: able to talk"), std::string::npos) << walking.view->stage;

  // Two minutes in, a pause; resumed, the hold goes on for the three minutes it has left.
  EXPECT_EQ(codes(d.at(125000, PhaseId::holding, {}, Control::pause)), (std::vector{CommandCode::pause}));
  EXPECT_TRUE(codes(d.at(128000, PhaseId::paused, {}, Control::resume)).size() == 1);
  const auto resumed = d.at(140000, PhaseId::resting);
  ASSERT_EQ(codes(resumed), (std::vector{CommandCode::start_set}));
  ASSERT_TRUE(resumed.view);
  EXPECT_NEAR(resumed.view->seconds_left, 180.0, 0.01);
  EXPECT_TRUE(codes(d.at(319900, PhaseId::holding)).empty());
  EXPECT_EQ(codes(d.at(320000, PhaseId::holding)), (std::vector{CommandCode::stop}));

  const auto effort = d.at(323000, PhaseId::idle);
  ASSERT_TRUE(effort.prompt);
  EXPECT_EQ(effort.prompt->second, AnswerKind::effort_0_10);
  const auto hard = d.answer(324000, "7");
  ASSERT_TRUE(hard.prompt);
  EXPECT_EQ(hard.prompt->second, AnswerKind::pain_0_10);
  ASSERT_FALSE(hard.said.empty());
  EXPECT_EQ(hard.said[0].first, Level::warning) << "7/10 is harder than the easy pace asked for";
  const auto effort_record = std::find_if(hard.records.begin(), hard.records.end(), [](const auto& r) { return r.kind == "effort"; });
  ASSERT_NE(effort_record, hard.records.end());
  EXPECT_EQ(effort_record->code, 7);
  const auto done = d.answer(325000, "1");
  ASSERT_TRUE(done.pain);
  EXPECT_EQ(done.pain->exercise, "walking");
  ASSERT_TRUE(d.machine().ended());
  EXPECT_EQ(d.machine().ended()->outcome, Outcome::completed);
  EXPECT_EQ(d.machine().summary().at("effort_cr10").at("walking"), 7);
  EXPECT_EQ(d.machine().summary().at("holds_done"), 1);
}

TEST(SessionMachine, RunsLopEachSetRestDeflationAndThePainQuestionInOrder) {
  Driver d(two_sets());
  to_first_set(d);
  EXPECT_TRUE(codes(d.at(14900, PhaseId::holding)).empty()) << "the set lasts 10 s";
  EXPECT_EQ(codes(d.at(15000, PhaseId::holding)), (std::vector{CommandCode::rest}));
  EXPECT_TRUE(std::holds_alternative<stage::Resting>(d.machine().stage()));
  EXPECT_TRUE(codes(d.at(44900, PhaseId::resting)).empty()) << "the rest lasts 30 s";
  EXPECT_EQ(codes(d.at(45000, PhaseId::resting)), (std::vector{CommandCode::start_set}));
  EXPECT_EQ(codes(d.at(55000, PhaseId::holding)), (std::vector{CommandCode::rest, CommandCode::stop})) << "no rest after the last set";
  const auto asked = d.at(57000, PhaseId::idle);
  ASSERT_TRUE(asked.prompt);
  EXPECT_EQ(asked.prompt->second, AnswerKind::pain_0_10);
  EXPECT_NE(asked.prompt->first.find("the tendon"), std::string::npos) << "the plan's pain rule names the site";
  const auto bad = d.answer(58000, "six");
  ASSERT_TRUE(bad.prompt) << "asked again";
  EXPECT_EQ(bad.said.at(0).first, Level::warning);
  const auto over = d.answer(59000, " 6 ");
  ASSERT_TRUE(over.pain);
  EXPECT_EQ(over.pain->score, 6);
  EXPECT_EQ(over.pain->exercise, "leg_press");
  ASSERT_EQ(over.records.size(), 1U);
  EXPECT_EQ(over.records[0].kind, "pain_over_rule");
  const auto ending = d.machine().ended();
  ASSERT_TRUE(ending);
  EXPECT_EQ(ending->outcome, Outcome::completed);
  EXPECT_EQ(d.machine().summary().at("exercises_done"), 1);
  EXPECT_EQ(d.machine().summary().at("lop_mmHg"), 200.0);
  EXPECT_TRUE(codes(d.at(60000, PhaseId::idle)).empty()) << "an ended session sends nothing";
}

TEST(SessionMachine, PauseDeflatesAndResumeStartsTheInterruptedSetAgain) {
  Driver d(two_sets());
  to_first_set(d);
  const auto paused = d.at(8000, PhaseId::holding, {}, Control::pause);
  EXPECT_EQ(codes(paused), (std::vector{CommandCode::pause}));
  ASSERT_TRUE(paused.view);
  EXPECT_EQ(paused.view->step, Step::paused);
  EXPECT_TRUE(codes(d.at(9000, PhaseId::deflating, {}, Control::resume)).empty()) << "no resume before the cuff is empty";
  EXPECT_EQ(codes(d.at(10000, PhaseId::paused)), (std::vector{CommandCode::resume}));
  EXPECT_TRUE(codes(d.at(20000, PhaseId::inflating)).empty()) << "a pause does not end the set on its own clock";
  const auto again = d.at(22000, PhaseId::resting);
  ASSERT_EQ(codes(again), (std::vector{CommandCode::start_set}));
  const auto& set = std::get<stage::InSet>(d.machine().stage());
  EXPECT_EQ(set.set, 0U) << "the interrupted set starts again";
  EXPECT_EQ(set.since_s, 22.0);
}

TEST(SessionMachine, NothingToPauseWithTheCuffOffAndStopEndsAtAnyStage) {
  Driver d(two_sets());
  d.begin();
  const auto during_lop = d.at(500, PhaseId::measuring_lop, {}, Control::pause);
  EXPECT_TRUE(codes(during_lop).empty());
  ASSERT_EQ(during_lop.said.size(), 1U);
  EXPECT_EQ(during_lop.said[0].second, "Nothing to pause now (the cuff is not on).");
  d.at(600, PhaseId::measuring_lop, {}, Control::stop);
  ASSERT_TRUE(d.machine().ended());
  EXPECT_EQ(d.machine().ended()->outcome, Outcome::stopped);
}

TEST(SessionMachine, AStageThatOverrunsItsLimitEndsTheSessionAsFailed) {
  Driver d(two_sets());
  d.begin();
  d.at(1000, PhaseId::idle, {lop_measured(1000, 200.0)});
  d.at(61000, PhaseId::inflating);
  EXPECT_FALSE(d.machine().ended()) << "60 s to inflate";
  d.at(61100, PhaseId::inflating);
  ASSERT_TRUE(d.machine().ended());
  EXPECT_EQ(d.machine().ended()->outcome, Outcome::failed);
  EXPECT_EQ(d.machine().ended()->detail, "timed out: Inflating");
}

TEST(SessionMachine, TheDeviceDeflatingByItselfOrAFaultOrTheLoopsTroubleEndsIt) {
  {
    Driver d(two_sets());
    to_first_set(d);
    const auto e = d.at(9000, PhaseId::deflating,
                        {{9000, link::EventKind::deflated, static_cast<std::uint8_t>(core::DeflateReason::restriction_limit), 0}});
    ASSERT_TRUE(d.machine().ended());
    EXPECT_EQ(d.machine().ended()->outcome, Outcome::fault);
    EXPECT_EQ(e.records.at(0).kind, "deflated");
    EXPECT_EQ(e.said.at(0).first, Level::alarm);
  }
  {
    Driver d(two_sets());
    to_first_set(d);
    d.at(9000, PhaseId::holding, {{9000, link::EventKind::deflated, static_cast<std::uint8_t>(core::DeflateReason::operator_pause), 0}});
    EXPECT_FALSE(d.machine().ended()) << "a deflation the session asked for is no fault";
  }
  {
    Driver d(two_sets());
    d.begin();
    auto t = Tick{500, std::nullopt, {}, std::nullopt, std::nullopt, Ending{Outcome::device_lost, "no telemetry from the device for 2 s"}};
    const auto e = d.machine().step(t);
    ASSERT_TRUE(d.machine().ended());
    EXPECT_EQ(d.machine().ended()->outcome, Outcome::device_lost);
    EXPECT_NE(e.said.at(0).second.find("check that the cuff is empty"), std::string::npos);
  }
}

TEST(SessionMachine, AYesBeforeTheCuffGoesOnEndsItNotTodayWithNoCommandSent) {
  Driver d(two_sets(), {{"unwell", "Are you unwell today?", "Not when unwell.", false, {}}});
  const auto first = d.begin();
  EXPECT_TRUE(first.commands.empty());
  ASSERT_TRUE(first.prompt);
  EXPECT_EQ(first.prompt->second, AnswerKind::yes_no);
  const auto e = d.answer(1000, "yes");
  EXPECT_TRUE(e.commands.empty());
  ASSERT_TRUE(d.machine().ended());
  EXPECT_EQ(d.machine().ended()->outcome, Outcome::not_today);
  EXPECT_EQ(d.machine().summary().at("day_check").at("unwell"), true);
  EXPECT_TRUE(std::any_of(e.records.begin(), e.records.end(), [](const auto& r) { return r.kind == "not_today"; }));
}

TEST(SessionMachine, TheSecondExerciseInTheSamePostureWaitsForTheRefillAndReusesItsLop) {
  auto plan = two_sets();
  plan.exercises[0].reps = {5};
  auto second = plan.exercises[0];
  second.id = "calf_raise";
  second.name = "Calf raise";
  plan.exercises.push_back(second);
  Driver d(plan);
  d.begin();
  d.at(1000, PhaseId::idle, {lop_measured(1000, 200.0)});
  d.at(5000, PhaseId::resting);
  EXPECT_EQ(codes(d.at(15000, PhaseId::holding)), (std::vector{CommandCode::rest, CommandCode::stop}));
  d.at(18000, PhaseId::idle);  // deflated at 18 s: the pain question
  d.answer(20000, "0");
  ASSERT_TRUE(std::holds_alternative<stage::Refill>(d.machine().stage())) << "a minute with the cuff off from 18 s";
  EXPECT_TRUE(codes(d.at(77900, PhaseId::idle)).empty());
  const auto next = d.at(78000, PhaseId::idle);
  EXPECT_EQ(codes(next), (std::vector{CommandCode::set_target, CommandCode::start})) << "the seated LOP, already on the device";
  EXPECT_FALSE(next.lop);
}

}  // namespace
}  // namespace bfr::session

// A guided session end to end in one process: the real virtual device on a thread at 10x, the
// real host link, a real SQLite file, pain answers through a real pipe.

#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>
#include <unistd.h>

#include <deque>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <thread>

#include "core/phases.hpp"
#include "rig/virtual_device.hpp"
#include "clinic/knowledge_base.hpp"
#include "session/session_metrics.hpp"
#include "session/event_words.hpp"
#include "session/guided_session.hpp"
#include "report/exports.hpp"
#include "report/reports.hpp"

namespace bfr::session {
namespace {

// One exercise, two short sets: about 70 s of device time, 7 s here.
constexpr const char* kShortPlan = R"({"exercises":[{"id":"leg_press","name":"Leg press","reps":[5,5],"rest_s":5,
  "pct_lop":60,"load_pct_1rm":25}]})";

// Issue 13: seated, lying prone, then seated again, one short set each.
constexpr const char* kTwoPosturePlan = R"({"exercises":[
  {"id":"knee_extension","name":"Knee extension","posture":"seated","reps":[3],"rest_s":0,"pct_lop":60},
  {"id":"hamstring_curl","name":"Hamstring curl","posture":"prone","reps":[3],"rest_s":0,"pct_lop":60},
  {"id":"seated_calf_raise","name":"Seated calf raise","posture":"seated","reps":[3],"rest_s":0,"pct_lop":60}]})";

// Issue 16: the short plan with walking under the cuff, as `bfr plan` writes an aerobic block.
constexpr const char* kPlanWithWalking = R"({"exercises":[{"id":"leg_press","name":"Leg press","reps":[5,5],"rest_s":5,
  "pct_lop":60,"load_pct_1rm":25}],
  "aerobic":[{"id":"walking","name":"Walking","posture":"standing","minutes":1,"pct_lop":50,"intensity":"easy","sources":[]}]})";

// Collects what the display was told.
struct RecordingDisplay final : Display {
  void show(const LiveView& v) override { last = v; }
  void say(Level l, const std::string& t) override { said.emplace_back(l, t); }
  void prompt(const std::string& q, AnswerKind) override { prompts.push_back(q); }
  LiveView last;
  std::vector<std::pair<Level, std::string>> said;
  std::vector<std::string> prompts;
};

class GuidedSessionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = std::filesystem::temp_directory_path() /
            ("openbfr-session-" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()) + "-" +
             std::to_string(::getpid()) + ".sqlite");
    std::filesystem::remove(path_);
    store_ = store::open_store(path_.string());
    person_ = store_->add_person({0, "Test Runner", 1995, "male", ""});
    plan_ = store_->add_plan({0, person_, "", "test", "1", kShortPlan});
    ASSERT_EQ(::pipe(answers_), 0);
  }
  void TearDown() override {
    ::close(answers_[0]);
    if (answers_[1] >= 0) ::close(answers_[1]);
    store_.reset();
    for (const auto* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path_.string() + suffix);
  }
  void answer(const std::string& text) {
    ASSERT_EQ(::write(answers_[1], text.data(), text.size()), static_cast<ssize_t>(text.size()));
    ::close(answers_[1]);
    answers_[1] = -1;
  }
  // Runs the session against a virtual device wearing `plant`; `meddle` runs alongside.
  SessionResult run(rig::BodySpec plant, const std::function<void(std::atomic<bool>&)>& meddle = {}) {
    TerminalOperator op(answers_[0]);
    return run_with(std::move(plant), display_, op, meddle);
  }
  SessionResult run_with(rig::BodySpec plant, Display& display, Operator& op, const std::function<void(std::atomic<bool>&)>& meddle = {}) {
    auto [host_end, device_end] = link::make_in_process_pair();
    std::atomic<bool> stop{false};
    rig::VirtualDevice device({std::move(plant), rig::VirtualDevice::kFastest}, *device_end);
    std::thread t([&] { device.run(stop); });
    std::thread m;
    if (meddle) m = std::thread([&] { meddle(stop); });
    link::HostLink link(*host_end);
    GuidedSessionOptions o;
    o.person = person_;
    o.plan = plan_;
    o.day_checks = day_checks_;
    const auto r = run_guided_session(link, *store_, display, op, plan_for_the_cuff(plan_json_), o);
    stop = true;
    t.join();
    if (m.joinable()) m.join();
    return r;
  }

  std::filesystem::path path_;
  std::unique_ptr<store::Store> store_;
  store::Id person_ = 0, plan_ = 0;
  int answers_[2] = {-1, -1};
  RecordingDisplay display_;
  std::vector<clinic::DayCheck> day_checks_;  // none unless a test asks them
  std::string plan_json_ = kShortPlan;
};

TEST_F(GuidedSessionTest, RunsLopThenEverySetAndStoresItAll) {
  answer("eleven\n3\n");  // a bad answer is asked again
  const auto r = run(rig::virtual_athlete(11));
  ASSERT_EQ(r.outcome, Outcome::completed) << r.detail;
  EXPECT_TRUE(r.simulated);
  const auto s = store_->session(r.session).value();
  EXPECT_EQ(s.outcome, "completed");
  ASSERT_TRUE(s.lop_mmHg.has_value());
  EXPECT_GT(*s.lop_mmHg, 100.0);
  EXPECT_EQ(store_->lop_measurements(person_).size(), 1U);

  const auto samples = store_->samples(r.session);
  // Telemetry at 100 Hz for the whole session, none lost on the way.
  const double span_s = static_cast<double>(samples.back().t_ms - samples.front().t_ms) / 1000.0;
  EXPECT_GT(span_s, 50.0);
  EXPECT_NEAR(static_cast<double>(samples.size()), span_s * 100.0, span_s * 2.0);
  int holding = 0, sets = 0;
  for (const auto& x : samples) {
    if (x.phase == static_cast<int>(core::PhaseId::holding)) {
      ++holding;
      EXPECT_NEAR(x.pressure_mmHg, 0.6 * *s.lop_mmHg, 0.1 * 0.6 * *s.lop_mmHg) << "at " << x.t_ms << " ms";
    }
    sets = std::max(sets, x.set);
  }
  EXPECT_EQ(sets, 2);
  EXPECT_NEAR(holding, 2 * 5 * 2 * 100, 100);  // two sets of 5 reps at 2 s
  EXPECT_LT(samples.back().pressure_mmHg, 20.0);  // deflated at the end
  const auto pain = store_->pain_scores(r.session);
  ASSERT_EQ(pain.size(), 1U);
  EXPECT_EQ(pain[0].score, 3);
  EXPECT_EQ(display_.prompts.size(), 2U);
}

// Issue 14: the plan's walking is guided with the cuff on, on the real virtual device. After the
// leg press the LOP is measured standing, the device is told the hold's length, the virtual
// athlete walks at 4.5 km/h for the whole minute and the cuff holds 50 % of the standing LOP
// through every stride; then the effort and pain questions, all stored.
TEST_F(GuidedSessionTest, TheAerobicBlockIsWalkedWithTheCuffHeldAndItsEffortStored) {
  plan_json_ = kPlanWithWalking;
  answer("0\n3\n1\n");  // pain after the leg press; effort, then pain, after the walk
  const auto r = run(rig::virtual_athlete(11));
  ASSERT_EQ(r.outcome, Outcome::completed) << r.detail;
  EXPECT_EQ(r.detail, "1 exercise(s) and 1 aerobic hold(s) done");
  const auto lops = store_->lop_measurements(person_);
  ASSERT_EQ(lops.size(), 2U);
  EXPECT_EQ(lops[1].posture, "standing");
  const double target = 0.5 * lops[1].lop_mmHg;

  const auto events = store_->events(r.session);
  const auto start = std::find_if(events.begin(), events.end(), [](const auto& e) { return e.kind == "command" && e.text == "start" && e.value > 0; });
  ASSERT_NE(start, events.end()) << "the start of the hold carries its plan";
  EXPECT_DOUBLE_EQ(start->value, 60.0);
  const auto hold = std::find_if(events.begin(), events.end(), [](const auto& e) { return e.kind == "hold"; });
  ASSERT_NE(hold, events.end());
  // The walk: the second stretch of the holding phase, after the hold's start command.
  int walking = 0, in_band = 0;
  for (const auto& x : store_->samples(r.session)) {
    if (x.t_ms < start->t_ms || x.phase != static_cast<int>(core::PhaseId::holding)) continue;
    ++walking;
    in_band += std::abs(x.pressure_mmHg - target) <= 0.1 * target;
  }
  EXPECT_NEAR(walking, 60 * 100, 150) << "a minute of telemetry at 100 Hz";
  EXPECT_GE(in_band, walking * 95 / 100) << "within 10 % of 50 % LOP through the walk (simulated)";

  const auto effort = std::find_if(events.begin(), events.end(), [](const auto& e) { return e.kind == "effort"; });
  ASSERT_NE(effort, events.end());
  EXPECT_EQ(effort->code, 3);
  EXPECT_EQ(in_words(*effort), "Effort 3/10 (Borg CR10) during Walking");
  const auto summary = nlohmann::json::parse(store_->session(r.session)->summary_json);
  EXPECT_EQ(summary.at("effort_cr10").at("walking"), 3);
  EXPECT_EQ(summary.at("exercises_done"), 1);
  EXPECT_EQ(summary.at("holds_done"), 1);
  const auto pain = store_->pain_scores(r.session);
  ASSERT_EQ(pain.size(), 2U);
  EXPECT_EQ(pain[1].exercise, "walking");
  EXPECT_EQ(pain[1].score, 1);
  EXPECT_EQ(display_.prompts.size(), 3U);

  // Exported and reported: FHIR carries the effort as an observation; the report's summary says it.
  const auto bundle = report::fhir_bundle(*store_, person_, r.session);
  int efforts = 0;
  for (const auto& e : bundle["entry"]) {
    const auto& res = e["resource"];
    if (res["resourceType"] != "Observation" || res["code"]["coding"][0]["code"] != "perceived-exertion-borg-cr10") continue;
    ++efforts;
    EXPECT_EQ(res["valueInteger"], 3);
  }
  EXPECT_EQ(efforts, 1);
  const auto pdf = path_.string() + ".pdf";
  report::render_session_report(*store_, r.session, report::Format::pdf, pdf);
  std::string text;
  if (FILE* p = ::popen(("pdftotext -layout " + pdf + " - 2>&1").c_str(), "r")) {
    char buf[4096];
    while (const auto n = std::fread(buf, 1, sizeof buf, p)) text.append(buf, n);
    ::pclose(p);
  }
  std::filesystem::remove(pdf);
  EXPECT_NE(text.find("Effort (Borg CR10): Walking 3/10"), std::string::npos) << text;
}

// Issue 13: an exercise uses the LOP of its own posture. The first seated exercise measures it
// seated, the prone one measures it prone, and the last (seated again) gets the seated LOP back
// on the device: neither measured a third time nor the prone one reused.
TEST_F(GuidedSessionTest, EachPostureHasItsOwnLopMeasuredOnceASession) {
  plan_json_ = kTwoPosturePlan;
  answer("2\n2\n2\n");
  const auto r = run(rig::virtual_athlete(12));
  ASSERT_EQ(r.outcome, Outcome::completed) << r.detail;
  const auto lops = store_->lop_measurements(person_);
  ASSERT_EQ(lops.size(), 2U);
  EXPECT_EQ(lops[0].posture, "seated");
  EXPECT_EQ(lops[1].posture, "prone");
  const auto summary = nlohmann::json::parse(store_->session(r.session)->summary_json);
  EXPECT_EQ(summary["lop_mmHg_by_posture"]["seated"].get<double>(), lops[0].lop_mmHg);
  EXPECT_EQ(summary["lop_mmHg_by_posture"]["prone"].get<double>(), lops[1].lop_mmHg);
  std::vector<double> set_lops;
  std::int64_t last_exercise_ms = 0;
  for (const auto& e : store_->events(r.session)) {
    if (e.kind == "command" && e.text == "set_lop") set_lops.push_back(e.value / 10.0);
    if (e.kind == "exercise") last_exercise_ms = e.t_ms;
  }
  ASSERT_EQ(set_lops.size(), 1U);
  // Between exercises the cuff stays off for at least a minute (the limb refills).
  std::vector<std::int64_t> stops, starts;
  for (const auto& e : store_->events(r.session)) {
    if (e.kind == "command" && e.text == "stop") stops.push_back(e.t_ms);
    if (e.kind == "command" && (e.text == "start" || e.text == "measure_lop")) starts.push_back(e.t_ms);
  }
  ASSERT_EQ(stops.size(), 3U);
  for (std::size_t i = 0; i + 1 < stops.size(); ++i) {
    const auto next = std::find_if(starts.begin(), starts.end(), [&](std::int64_t t) { return t > stops[i]; });
    ASSERT_NE(next, starts.end());
    EXPECT_GE(*next - stops[i], 60000) << "exercise " << i + 1 << ": the cuff went on again too soon";
  }
  EXPECT_NEAR(set_lops[0], lops[0].lop_mmHg, 0.05);
  int holding = 0;
  for (const auto& x : store_->samples(r.session))
    if (x.t_ms > last_exercise_ms && x.phase == static_cast<int>(core::PhaseId::holding)) {
      ++holding;
      EXPECT_NEAR(x.setpoint_mmHg.value_or(0.0), 0.6 * lops[0].lop_mmHg, 0.6) << "at " << x.t_ms << " ms";
    }
  EXPECT_GT(holding, 500);
}

// Lines typed, then (input left open) a stop: what a person at the terminal might do before the
// cuff goes on. `std::nullopt` is the end of input.
struct ScriptedOperator final : Operator {
  std::deque<std::optional<std::string>> lines;
  std::optional<std::optional<std::string>> answer() override {
    if (lines.empty()) return std::nullopt;
    auto l = lines.front();
    lines.pop_front();
    return l;
  }
  std::optional<Control> control() override { return lines.empty() ? std::optional<Control>(Control::stop) : std::nullopt; }
};

// Issue 13, as a property: whatever is answered before the session, anything but a plain no to
// every question (a yes, three answers that are neither, the end of input) ends it before the
// cuff inflates: no LOP measurement, no start, no pressure. All no, and it goes on to LOP.
RC_GTEST_FIXTURE_PROP(GuidedSessionTest, NoNotTodayAnswerEverReachesInflation, ()) {
  day_checks_ = clinic::load_knowledge_base(OPENBFR_DATA_DIR).day_checks;
  enum Kind { no, yes, neither, end_of_input };
  ScriptedOperator op;
  bool all_no = true;
  for (std::size_t q = 0; q < day_checks_.size() && all_no; ++q) {
    const auto kind = *rc::gen::weightedElement<Kind>({{6, no}, {2, yes}, {1, neither}, {1, end_of_input}});
    if (kind == no) op.lines.emplace_back(*rc::gen::element<std::string>("n", "no", "N", "No"));
    if (kind == yes) op.lines.emplace_back(*rc::gen::element<std::string>("y", "yes", "Y", "Yes"));
    if (kind == neither)
      for (int i = 0; i < 3; ++i) op.lines.emplace_back(*rc::gen::element<std::string>("maybe", "", "nope", "0"));
    if (kind == end_of_input) op.lines.emplace_back(std::nullopt);
    all_no = kind == no;
  }
  RecordingDisplay display;
  const auto r = run_with(rig::virtual_athlete(15), display, op);
  if (all_no) {
    RC_ASSERT(r.outcome == Outcome::stopped);  // past the questions: the stop came during LOP
    return;
  }
  RC_ASSERT(r.outcome == Outcome::not_today);
  for (const auto& e : store_->events(r.session))
    RC_ASSERT(!(e.kind == "command" && (e.text == "measure_lop" || e.text == "start" || e.text == "start_set")));
  for (const auto& x : store_->samples(r.session)) RC_ASSERT(x.pressure_mmHg < 20.0);
  RC_ASSERT(store_->lop_measurements(person_).empty());
}

// Issue 13: the day-of-session questions of the knowledge base, before the cuff inflates. A yes
// (here: a new painful swollen calf, the third question) ends the session there, stored, with
// the reason; the cuff never inflates and LOP is not measured.
TEST_F(GuidedSessionTest, AYesBeforeTheSessionEndsItBeforeTheCuffInflates) {
  day_checks_ = clinic::load_knowledge_base(OPENBFR_DATA_DIR).day_checks;
  ASSERT_GE(day_checks_.size(), 4U);
  ASSERT_TRUE(day_checks_[2].seek_care);
  answer("n\nno\ny\n");
  const auto r = run(rig::virtual_athlete(14));
  EXPECT_EQ(r.outcome, Outcome::not_today) << r.detail;
  EXPECT_NE(r.detail.find("seek medical care"), std::string::npos) << r.detail;
  const auto s = store_->session(r.session).value();
  EXPECT_EQ(s.outcome, "not_today");
  EXPECT_FALSE(s.lop_mmHg.has_value());
  const auto summary = nlohmann::json::parse(s.summary_json);
  EXPECT_EQ(summary["day_check"][day_checks_[0].id], false);
  EXPECT_EQ(summary["day_check"][day_checks_[2].id], true);
  for (const auto& x : store_->samples(r.session)) EXPECT_LT(x.pressure_mmHg, 20.0) << "at " << x.t_ms << " ms";
  EXPECT_EQ(display_.prompts.size(), 3U);
}

// Every question answered no (one answer that is neither, asked again): the session goes on.
TEST_F(GuidedSessionTest, AllNoBeforeTheSessionLetsItRun) {
  day_checks_ = clinic::load_knowledge_base(OPENBFR_DATA_DIR).day_checks;
  std::string typed = "perhaps\n";
  for (std::size_t i = 0; i < day_checks_.size(); ++i) typed += "n\n";
  answer(typed + "2\n");
  const auto r = run(rig::virtual_athlete(15));
  ASSERT_EQ(r.outcome, Outcome::completed) << r.detail;
  bool recorded = false;
  for (const auto& e : store_->events(r.session)) recorded |= e.kind == "day_check";
  EXPECT_TRUE(recorded);
  EXPECT_EQ(store_->pain_scores(r.session).at(0).score, 2);
}

// No answer at all (input ended) is not a no: the session ends before inflation.
TEST_F(GuidedSessionTest, AnUnansweredQuestionBeforeTheSessionIsNotANo) {
  day_checks_ = clinic::load_knowledge_base(OPENBFR_DATA_DIR).day_checks;
  answer("");
  const auto r = run(rig::virtual_athlete(16));
  EXPECT_EQ(r.outcome, Outcome::not_today) << r.detail;
  EXPECT_NE(r.detail.find("not answered"), std::string::npos) << r.detail;
}

TEST_F(GuidedSessionTest, ALostDeviceEndsTheSessionAndTheCuffEmptiesByItself) {
  answer("");
  // The device vanishes 4 s (wall) into the session: during the LOP measurement.
  const auto r = run(rig::virtual_athlete(12), [](std::atomic<bool>& stop) {
    std::this_thread::sleep_for(std::chrono::seconds(4));
    stop = true;
  });
  EXPECT_EQ(r.outcome, Outcome::device_lost) << r.detail;
  EXPECT_EQ(store_->session(r.session)->outcome, "device_lost");
  bool told = false;
  for (const auto& [level, text] : display_.said) told |= level == Level::alarm && text.find("check that") != std::string::npos;
  EXPECT_TRUE(told);
}

TEST_F(GuidedSessionTest, AFaultEndsTheSessionWithTheCuffDeflated) {
  answer("");
  auto plant = rig::virtual_athlete(13);
  // The cuff starts leaking badly 45 s into the session (after LOP, during the sets).
  plant.faults.push_back({sim::FaultKind::large_leak, units::at_seconds(45.0), std::nullopt, sim::default_severity(sim::FaultKind::large_leak)});
  const auto r = run(plant);
  EXPECT_EQ(r.outcome, Outcome::fault) << r.detail;
  const auto samples = store_->samples(r.session);
  EXPECT_LT(samples.back().pressure_mmHg, 20.0);
  EXPECT_NE(samples.back().fault, 0);
}

// A two-cuff device (protocol version 3) runs a one-limb session on its first cuff: the session
// stores that cuff's telemetry only, the other cuff stays empty, and a fault on the other cuff
// still ends the session, because it holds the whole device (docs/safety.md, "Two cuffs").
TEST_F(GuidedSessionTest, OnATwoCuffDeviceTheSessionDrivesTheFirstCuffAndAFaultOnTheOtherEndsIt) {
  answer("");
  auto pair = rig::virtual_athlete_pair(13, sim::PumpLayout::shared);
  // The right cuff's sensor comes off 45 s into the session (after LOP, during the sets).
  pair.sides[sim::kRight].faults.push_back(
      {sim::FaultKind::sensor_disconnected, units::at_seconds(45.0), std::nullopt, sim::default_severity(sim::FaultKind::sensor_disconnected)});
  const auto r = run(pair);
  EXPECT_EQ(r.outcome, Outcome::fault) << r.detail;
  const auto samples = store_->samples(r.session);
  ASSERT_FALSE(samples.empty());
  EXPECT_LT(samples.back().pressure_mmHg, 20.0);
  bool held = false;
  for (const auto& x : samples) held = held || x.phase == static_cast<int>(core::PhaseId::holding);
  EXPECT_TRUE(held) << "the first cuff ran its sets until the fault";
  EXPECT_NE(std::find_if(display_.said.begin(), display_.said.end(),
                         [](const auto& said) { return said.second.find("two cuffs") != std::string::npos; }),
            display_.said.end());
}

// An operator in the web app: pauses in the middle of the first set, resumes once paused, and
// answers the pain question. Driven from the display, so it happens at the same point every run.
struct PausingDisplay final : Display {
  explicit PausingDisplay(QueuedOperator& op) : op_(op) {}
  void show(const LiveView& v) override {
    if (!paused_ && v.stage.find("set 1 of 2") != std::string::npos && v.rep >= 3) {
      op_.post_control(Control::pause);
      paused_ = true;
    }
    if (v.stage == "Paused" && !resumed_) {
      lowest_while_paused = std::min(lowest_while_paused, v.pressure_mmHg);
      if (v.pressure_mmHg < 10.0) {
        op_.post_control(Control::resume);
        resumed_ = true;
      }
    }
  }
  void say(Level, const std::string& t) override { said.push_back(t); }
  void prompt(const std::string&, AnswerKind) override { op_.post_answer("1"); }
  QueuedOperator& op_;
  bool paused_ = false, resumed_ = false;
  double lowest_while_paused = 1000.0;
  std::vector<std::string> said;
};

TEST_F(GuidedSessionTest, PauseDeflatesAndResumeStartsTheSetAgain) {
  QueuedOperator op;
  PausingDisplay display(op);
  const auto r = run_with(rig::virtual_athlete(14), display, op);
  ASSERT_EQ(r.outcome, Outcome::completed) << r.detail;
  EXPECT_TRUE(display.resumed_);
  EXPECT_LT(display.lowest_while_paused, 10.0) << "the cuff emptied while paused";
  int starts = 0, pauses = 0, resumes = 0;
  for (const auto& e : store_->events(r.session)) {
    if (e.kind != "command") continue;
    starts += e.text == "start_set";
    pauses += e.text == "pause";
    resumes += e.text == "resume";
  }
  EXPECT_EQ(pauses, 1);
  EXPECT_EQ(resumes, 1);
  EXPECT_EQ(starts, 3) << "set 1 again after the pause, then set 2";
  const auto from_samples = session::session_metrics(store_->samples(r.session));
  EXPECT_EQ(from_samples.sets, 2) << "the restarted set is counted once";
  // The ended session keeps its figures, the same as its stored samples give.
  const auto kept = session::kept_figures(*store_->session(r.session));
  ASSERT_TRUE(kept) << store_->session(r.session)->summary_json;
  EXPECT_EQ(kept->sets, from_samples.sets);
  EXPECT_DOUBLE_EQ(kept->duration_s, from_samples.duration_s);
  EXPECT_DOUBLE_EQ(kept->restriction_s, from_samples.restriction_s);
  ASSERT_TRUE(kept->in_band_pct && from_samples.in_band_pct);
  EXPECT_NEAR(*kept->in_band_pct, *from_samples.in_band_pct, 1e-9);
  EXPECT_DOUBLE_EQ(kept->highest_mmHg, from_samples.highest_mmHg);
  EXPECT_EQ(kept->alarm_samples, from_samples.alarm_samples);
  EXPECT_EQ(store_->pain_scores(r.session).at(0).score, 1);
}

TEST_F(GuidedSessionTest, StopFromTheOperatorDeflatesAndEnds) {
  QueuedOperator op;
  op.post_control(Control::stop);
  RecordingDisplay display;
  const auto r = run_with(rig::virtual_athlete(15), display, op);
  EXPECT_EQ(r.outcome, Outcome::stopped);
  EXPECT_EQ(store_->session(r.session)->outcome, "stopped");
}

// Every id the device can send has words for the screen: a new fault or reason without them would
// show "unknown" to the physiotherapist.
TEST(EventWords, EveryFaultReasonAndPhaseHasWords) {
  for (int f = 0; f <= static_cast<int>(core::FaultId::sensor_disagreement); ++f)
    EXPECT_STRNE(in_words(static_cast<core::FaultId>(f)), "unknown fault") << f;
  for (int r = 0; r <= static_cast<int>(core::DeflateReason::fault); ++r)
    EXPECT_STRNE(in_words(static_cast<core::DeflateReason>(r)), "unknown reason") << r;
  for (int p = 0; p <= static_cast<int>(core::PhaseId::fault); ++p) EXPECT_STRNE(in_words(static_cast<core::PhaseId>(p)), "unknown stage") << p;
  store::SessionEvent leak{1000, "fault", static_cast<int>(core::FaultId::leak), 0.0, "fault: leak"};
  EXPECT_EQ(in_words(leak), "Fault: air leak, or the cuff came off the limb. The device deflated the cuff");
}

}  // namespace
}  // namespace bfr::session

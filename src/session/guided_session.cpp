#include "session/guided_session.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "core/phases.hpp"
#include "link/wire_units.hpp"
#include "session/device_messages.hpp"
#include "session/session_machine.hpp"
#include "session/session_metrics.hpp"
#include "session/store_writer.hpp"
#include "store/sample_codec.hpp"

namespace bfr::session {

namespace {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

// Samples go to the store in batches this often: a crash loses at most this much (issue 6 asks
// for at most the last second).
constexpr auto kFlushEvery = 500ms;
// The host gives up on a device it has not heard from for this long; the device itself
// deflates after 1 s without the host (docs/protocol.md).
constexpr auto kDeviceSilence = 2s;
// Ending early: how long to wait for the cuff to report empty before saying how it ended.
constexpr auto kDeflateWait = 5s;
constexpr units::Pressure kEmpty = units::mmHg(20.0);  // core::limits::kDeflated

// The loop around the session's machine: reads the link and the operator, gives the machine what
// happened, and carries out what it decides (commands, store writes, the display).
class Loop {
 public:
  Loop(link::HostLink& link, store::Store& store, Display& display, Operator& op, const GuidedSessionOptions& o)
      : link_(link), store_(store), writer_(store), display_(display), operator_(op), o_(o) {}

  SessionResult run(const clinic::Plan& plan) {
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
    display_.say(Level::info, fmt::format("Session {} on the {}{}. Not medical advice: stop if anything feels wrong.", session_,
                                          o_.device_label, result_.simulated ? " (SIMULATED: not a real cuff)" : ""));
    if (link_.device_info().channels > 1)
      display_.say(Level::info, "The device has two cuffs: this session drives the first (channel 0); the other stays empty.");
    SessionMachine machine(plan, o_, result_.simulated);
    try {
      carry_out(machine.begin(now()));
      while (!machine.ended()) carry_out(machine.step(gather()));
      const auto ending = *machine.ended();
      result_.outcome = ending.outcome;
      result_.detail = ending.detail;
      if (ending.outcome == Outcome::stopped || ending.outcome == Outcome::fault || ending.outcome == Outcome::failed) deflate_and_say();
    } catch (const link::LinkError& e) {
      result_.outcome = Outcome::device_lost;
      result_.detail = e.what();
      display_.say(Level::alarm, fmt::format("Lost the device ({}). It deflates by itself 1 s after the host goes silent: "
                                             "check that the cuff is empty.", e.what()));
    }
    display_.show(machine.view_ended(now()));  // the last pressure the device reported, after any deflation
    flush(true);
    writer_.drain();
    if (const auto failed = writer_.error(); failed && result_.outcome == Outcome::completed) {
      result_.outcome = Outcome::failed;
      result_.detail = "could not write to the database: " + *failed;
    }
    auto summary = machine.summary();
    summary["outcome"] = to_string(result_.outcome);
    summary["detail"] = result_.detail;
    summary["simulated"] = result_.simulated;
    const auto& link_stats = link_.decoder_stats();
    nlohmann::json rejected = nlohmann::json::object();
    for (std::size_t i = 0; i < link_stats.rejected.size(); ++i)
      if (link_stats.rejected[i]) rejected[link::to_string(static_cast<link::Reject>(i))] = link_stats.rejected[i];
    summary["link"] = {{"frames", link_stats.frames}, {"rejected", rejected}};
    summary["figures"] = figures_json(figures_.result());  // history and lists need no samples
    store_.end_session(session_, to_string(result_.outcome), summary.dump());
    return result_;
  }

 private:
  // The session drives one cuff, the device's first (channel 0): on a two-cuff device the other
  // stays empty. Its telemetry is not this session's; a fault on it is (a fault on either cuff
  // holds the whole device, docs/safety.md "Two cuffs").
  std::vector<link::Telemetry> take_telemetry() {
    auto all = link_.take_telemetry();
    std::erase_if(all, [](const link::Telemetry& t) { return t.channel != kCuff; });
    return all;
  }
  std::vector<link::Event> take_events() {
    auto all = link_.take_events();
    std::erase_if(all, [](const link::Event& e) { return e.channel != kCuff && e.kind != link::EventKind::fault; });
    return all;
  }
  static constexpr std::uint8_t kCuff = 0;

  // What the device's clock and latest telemetry say now, with nothing new.
  [[nodiscard]] Tick now() const { return Tick{device_ms_, link_.latest(), {}, std::nullopt, std::nullopt, std::nullopt}; }

  // One round: read the link (storing what came), then the operator; and what the loop cannot go
  // on with.
  Tick gather() {
    link_.service(5ms);
    for (const auto& t : take_telemetry()) {
      samples_.push_back(to_sample(t));
      device_ms_ = t.time_ms;
    }
    Tick t = now();
    t.events = take_events();
    flush(false);
    if (const auto failed = writer_.error())
      t.trouble = Ending{Outcome::failed, "could not write to the database: " + *failed};
    else if (!link_.take_refused().empty())
      t.trouble = Ending{Outcome::failed, "the device refused a command (out of its range)"};
    else if (link_.silence() > kDeviceSilence)
      t.trouble = Ending{Outcome::device_lost, "no telemetry from the device for 2 s"};
    t.control = operator_.control();
    if (asking_) {
      t.answer = operator_.answer();
      asking_ = !t.answer;
    }
    return t;
  }

  void carry_out(const Effects& e) {
    for (const auto& r : e.records) record(r);
    for (const auto& c : e.commands) {
      link_.send(c);
      record({static_cast<std::int64_t>(device_ms_), "command", static_cast<int>(c.code), static_cast<double>(c.value), link::to_string(c.code)});
    }
    if (e.lop) {
      auto m = *e.lop;
      m.session_id = session_;
      writer_.post([id = session_, m, first = e.first_lop](store::Store& s) {
        if (first) s.set_session_lop(id, m.lop_mmHg);  // the session's headline LOP: its first
        s.add_lop(m);
      });
    }
    if (e.pain) {
      auto p = *e.pain;
      p.recorded_at = store::now_utc();
      writer_.post([id = session_, p](store::Store& s) { s.add_pain(id, p); });
    }
    for (const auto& [level, text] : e.said) display_.say(level, text);
    if (e.view) display_.show(*e.view);
    if (e.prompt) {
      display_.prompt(e.prompt->first, e.prompt->second);
      asking_ = true;
    }
  }

  // After a stop, a fault or a failure: deflate first, then say so. A fault has already deflated
  // the cuff; this waits until the device reports it empty.
  void deflate_and_say() {
    try {
      link_.send({link::CommandCode::deflate, 0, 0});
      const auto deadline = Clock::now() + kDeflateWait;
      while (Clock::now() < deadline) {
        link_.service(5ms);
        for (const auto& t : take_telemetry()) samples_.push_back(to_sample(t)), device_ms_ = t.time_ms;
        for (const auto& e : take_events()) record(describe(e));
        const auto& t = link_.latest();
        if (!t) continue;
        const auto phase = static_cast<core::PhaseId>(t->phase);
        if (link::from_signed_dmmHg(t->pressure_dmmHg) < kEmpty && (phase == core::PhaseId::idle || phase == core::PhaseId::fault)) break;
      }
    } catch (const link::LinkError&) {
    }
    const auto& t = link_.latest();
    display_.say(result_.outcome == Outcome::stopped ? Level::warning : Level::alarm,
                 fmt::format("{}. Cuff deflated ({:.0f} mmHg).", result_.detail, t ? link::from_signed_dmmHg(t->pressure_dmmHg).mmHg() : 0.0));
  }

  void flush(bool always) {
    if (samples_.empty() || (!always && Clock::now() - last_flush_ < kFlushEvery)) return;
    for (const auto& x : samples_) figures_.add(store::quantised(x));  // as the store keeps them
    writer_.post([id = session_, batch = std::exchange(samples_, {})](store::Store& s) { s.add_samples(id, batch); });
    last_flush_ = Clock::now();
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
  bool asking_ = false;  // a question waits for its answer
};

}  // namespace

SessionResult run_guided_session(link::HostLink& link, store::Store& store, Display& display, Operator& op,
                                 const clinic::Plan& plan, const GuidedSessionOptions& options) {
  Loop loop(link, store, display, op, options);
  return loop.run(plan);
}

}  // namespace bfr::session

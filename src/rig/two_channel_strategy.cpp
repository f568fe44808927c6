#include "rig/two_channel_strategy.hpp"

#include <stdexcept>
#include <utility>

#include "rig/core_strategy.hpp"

namespace bfr::rig {

namespace {
constexpr std::size_t kLeft = 0;
constexpr std::size_t kRight = 1;
// Time to inflate both cuffs before a continuous hold begins, as ours on one cuff does (one pump
// fills two thighs in about 15 s: docs/simulator.md).
constexpr units::Duration kInflateBeforeHold = units::seconds(25.0);

// Ours: the rig is the host. It prescribes, has each limb's LOP measured in turn (or tells it),
// starts both cuffs together once both are known, and marks each limb's sets and rests.
class OursOnTwoChannels final : public TwoChannelStrategy {
 public:
  explicit OursOnTwoChannels(TwoChannelBrief brief) : brief_(std::move(brief)), device_(brief_.pumps) {
    for (std::size_t i = 0; i < 2; ++i)
      if (brief_.exercise[i]) schedule_[i].emplace(*brief_.exercise[i]);
  }

  std::array<sim::ActuatorCommand, 2> step(units::Instant now, const std::array<sim::SensorReadings, 2>& readings) override {
    std::array<core::Inputs, 2> in{to_core(readings[kLeft]), to_core(readings[kRight])};
    const auto commands = next_commands(now);
    for (std::size_t i = 0; i < 2; ++i) {
      in[i].host_heartbeat = true;
      in[i].command = commands[i];
    }
    last_ = device_.step(now, in);
    for (std::size_t i = 0; i < 2; ++i) {
      const auto& s = last_[i].status;
      if (s.fault != core::FaultId::none && !fault_at_[i]) fault_at_[i] = now;
      if (s.last_lop && s.last_lop->failure != core::LopFailure::none && !lop_failure_at_[i]) lop_failure_at_[i] = now;
    }
    return {to_plant(last_[kLeft].actuators), to_plant(last_[kRight].actuators)};
  }

  [[nodiscard]] std::string name() const override { return "ours"; }

  [[nodiscard]] std::array<std::optional<StrategyReport>, 2> report() const override {
    std::array<std::optional<StrategyReport>, 2> out;
    for (std::size_t i = 0; i < 2; ++i) {
      // The device's fault is reported against the channel that raised it.
      StrategyReport r = report_from(last_[i].status);
      r.lop_seconds = lop_seconds_[i];
      r.fault_at = fault_at_[i];
      r.lop_failure_at = lop_failure_at_[i];
      out[i] = r;
    }
    return out;
  }

 private:
  [[nodiscard]] bool idle(std::size_t i) const { return last_[i].status.phase == core::PhaseId::idle; }

  // Where the host is: prescribing, finding each limb's LOP in turn, starting, in the exercise.
  enum class Stage { prescribe, tell_lop, measure, wait_for_lop, start, exercise, no_session };

  std::array<core::HostCommand, 2> next_commands(units::Instant now) {
    std::array<core::HostCommand, 2> c{core::command::None{}, core::command::None{}};
    switch (stage_) {
      case Stage::prescribe:
        c = {core::command::SetTarget{brief_.target}, core::command::SetTarget{brief_.target}};
        stage_ = brief_.measure_lop ? Stage::measure : Stage::tell_lop;
        return c;
      case Stage::tell_lop:
        for (std::size_t i = 0; i < 2; ++i)
          if (brief_.given_lop[i]) c[i] = core::command::SetLop{*brief_.given_lop[i]};
        stage_ = Stage::start;
        return c;
      case Stage::measure:  // the left limb first, then the right: one limb's pulse at a time
        c[limb_] = core::command::MeasureLop{};
        lop_started_[limb_] = now;
        stage_ = Stage::wait_for_lop;
        return c;
      case Stage::wait_for_lop:  // until that limb's search has ended, its retries included
        if (!idle(limb_)) return c;
        lop_seconds_[limb_] = (now - *lop_started_[limb_]).seconds();
        if (limb_ == kLeft) {
          limb_ = kRight;
          stage_ = Stage::measure;
        } else {
          stage_ = Stage::start;
        }
        return c;
      case Stage::start:  // both cuffs start together: a session on two limbs needs both LOPs
        if (!idle(kLeft) || !idle(kRight)) return c;
        if (!last_[kLeft].status.lop || !last_[kRight].status.lop) {
          stage_ = Stage::no_session;
          return c;
        }
        // A continuous hold is inflated just before it begins and planned in the start command:
        // the device's restriction limit follows the plan.
        if (brief_.hold && now < brief_.hold->start - kInflateBeforeHold) return c;
        c = {core::command::Start{brief_.hold ? brief_.hold->duration : units::Duration{}},
             core::command::Start{brief_.hold ? brief_.hold->duration : units::Duration{}}};
        stage_ = Stage::exercise;
        return c;
      case Stage::exercise:
        break;
      case Stage::no_session:
        return c;
    }
    for (std::size_t i = 0; i < 2; ++i) {
      if (!schedule_[i] && !brief_.hold) continue;
      const auto phase_now = schedule_[i]                                ? schedule_[i]->at(now).phase
                             : brief_.hold->under_way(now) ? sim::ExercisePhase::repetition
                                                           : sim::ExercisePhase::before;
      const auto was = std::exchange(last_phase_[i], phase_now);
      if (phase_now == sim::ExercisePhase::repetition && was != sim::ExercisePhase::repetition) c[i] = core::command::StartSet{};
      if (phase_now != sim::ExercisePhase::repetition && was == sim::ExercisePhase::repetition) c[i] = core::command::Rest{};
    }
    return c;
  }

  TwoChannelBrief brief_;
  core::TwoChannelDevice device_;
  std::array<core::Outputs, 2> last_{};
  std::array<std::optional<sim::Exercise>, 2> schedule_;
  std::array<sim::ExercisePhase, 2> last_phase_{sim::ExercisePhase::before, sim::ExercisePhase::before};
  Stage stage_ = Stage::prescribe;
  std::size_t limb_ = kLeft;  // whose LOP is being measured
  std::array<std::optional<units::Instant>, 2> lop_started_{};
  std::array<std::optional<double>, 2> lop_seconds_{};
  std::array<std::optional<units::Instant>, 2> fault_at_{};
  std::array<std::optional<units::Instant>, 2> lop_failure_at_{};
};

// Two baseline cuffs, one per limb; on a shared pump they take turns at it.
class BaselinesOnTwoChannels final : public TwoChannelStrategy {
 public:
  explicit BaselinesOnTwoChannels(const TwoChannelBrief& brief) : name_(brief.name), pumps_(brief.pumps) {
    for (std::size_t i = 0; i < 2; ++i) {
      if (!brief.given_lop[i]) throw std::invalid_argument("the " + brief.name + " cuff cannot measure LOP: give it each limb's");
      StrategyBrief one{brief.name, brief.target, false, brief.given_lop[i], brief.exercise[i], brief.hold};
      cuffs_[i] = make_strategy(one);
      if (!cuffs_[i]) throw std::invalid_argument("no two-channel strategy \"" + brief.name + "\"; accepted: ours, passive, deadband");
    }
  }

  std::array<sim::ActuatorCommand, 2> step(units::Instant now, const std::array<sim::SensorReadings, 2>& readings) override {
    std::array<sim::ActuatorCommand, 2> out{cuffs_[kLeft]->step(now, readings[kLeft]), cuffs_[kRight]->step(now, readings[kRight])};
    if (pumps_ != core::PumpLayout::shared) return out;
    const auto shared = share_.share(now, {to_device(out[kLeft]), to_device(out[kRight])});
    return {to_plant(shared[kLeft]), to_plant(shared[kRight])};
  }
  [[nodiscard]] std::string name() const override { return name_; }
  [[nodiscard]] std::array<std::optional<StrategyReport>, 2> report() const override { return {cuffs_[0]->report(), cuffs_[1]->report()}; }

 private:
  std::string name_;
  core::PumpLayout pumps_;
  std::array<std::unique_ptr<Strategy>, 2> cuffs_;
  core::PumpShare share_;
};
}  // namespace

std::unique_ptr<TwoChannelStrategy> make_two_channel_strategy(const TwoChannelBrief& brief) {
  if (brief.name == "ours") return std::make_unique<OursOnTwoChannels>(brief);
  return std::make_unique<BaselinesOnTwoChannels>(brief);
}

}  // namespace bfr::rig

#include "rig/core_strategy.hpp"

#include <stdexcept>

namespace bfr::rig {

namespace {
// Time to inflate before a continuous hold begins (about 10 s to the target, docs/controller.md).
constexpr units::Duration kInflateBeforeHold = units::seconds(15.0);
}  // namespace

sim::ActuatorCommand to_plant(const core::Actuators& a) {
  sim::ActuatorCommand c;
  c.pump_duty = static_cast<double>(a.pump_duty);
  c.inflate_valve_open = a.inflate_valve_open;
  c.deflate_opening = static_cast<double>(a.vent_opening);
  c.dump_valve_powered = a.dump_valve_powered;
  return c;
}

core::Actuators to_device(const sim::ActuatorCommand& c) {
  return core::Actuators{static_cast<float>(c.pump_duty), c.inflate_valve_open, static_cast<float>(c.deflate_opening),
                         c.dump_valve_powered};
}

core::Inputs to_core(const sim::SensorReadings& r) {
  core::Inputs in;
  in.cuff_pressure = r.cuff_pressure;
  in.cuff_line_pressure = r.cuff_line_pressure;
  if (r.distal_pulse) in.distal_pulse = static_cast<float>(*r.distal_pulse);
  return in;
}

CoreStrategy::CoreStrategy(Plan plan, core::ControllerConfig config) : plan_(std::move(plan)), device_(config) {
  if (plan_.exercise) exercise_.emplace(*plan_.exercise);
}

sim::ExercisePhase CoreStrategy::schedule_at(units::Instant now) const {
  if (exercise_) return exercise_->at(now).phase;
  if (plan_.hold) return plan_.hold->under_way(now) ? sim::ExercisePhase::repetition : sim::ExercisePhase::before;
  return sim::ExercisePhase::before;
}

core::HostCommand CoreStrategy::next_command(units::Instant now) {
  const auto phase = last_.status.phase;
  switch (stage_) {
    case 0:  // the prescription
      ++stage_;
      return core::command::SetTarget{plan_.target};
    case 1:
      ++stage_;
      if (plan_.known_lop) return core::command::SetLop{*plan_.known_lop};
      lop_started_ = now;
      return core::command::MeasureLop{};
    case 2:  // wait for LOP (measured or given), then start
      if (phase != core::PhaseId::idle) return core::command::None{};
      if (lop_started_ && !lop_seconds_) lop_seconds_ = (now - *lop_started_).seconds();
      if (!last_.status.lop || !plan_.start_session) return core::command::None{};
      // A continuous hold is inflated just before it begins, as a guided session does: its
      // restriction limit counts from the inflation.
      if (plan_.hold && now < plan_.hold->start - kInflateBeforeHold) return core::command::None{};
      ++stage_;
      return core::command::Start{plan_.hold ? plan_.hold->duration : units::Duration{}};
    default:
      break;
  }
  const auto phase_now = schedule_at(now);
  const auto was = last_exercise_phase_;
  last_exercise_phase_ = phase_now;
  if (phase_now == sim::ExercisePhase::repetition && was != sim::ExercisePhase::repetition) return core::command::StartSet{};
  if (phase_now != sim::ExercisePhase::repetition && was == sim::ExercisePhase::repetition) return core::command::Rest{};
  return core::command::None{};
}

sim::ActuatorCommand CoreStrategy::step(units::Instant now, const sim::SensorReadings& readings) {
  auto in = to_core(readings);
  in.host_heartbeat = true;
  in.command = next_command(now);
  last_ = device_.step(now, in);
  const double dt = previous_ ? (now - *previous_).seconds() : 0.0;
  previous_ = now;
  if (last_.status.off_target_alarm) off_target_seconds_ += dt;
  if (last_.status.fault != core::FaultId::none && !fault_at_) fault_at_ = now;
  if (last_.status.last_lop && last_.status.last_lop->failure != core::LopFailure::none && !lop_failure_at_)
    lop_failure_at_ = now;
  return to_plant(last_.actuators);
}

StrategyReport report_from(const core::Status& s) {
  StrategyReport r;
  if (s.last_lop) {
    r.measured_lop = s.last_lop->lop;
    r.lop_quality = static_cast<double>(s.last_lop->quality);
    if (s.last_lop->failure != core::LopFailure::none) r.lop_failure = core::to_string(s.last_lop->failure);
    r.lop_highest_applied = s.last_lop->highest_applied;
  }
  if (s.fault != core::FaultId::none) r.fault = core::to_string(s.fault);
  r.final_phase = core::to_string(s.phase);
  return r;
}

std::optional<StrategyReport> CoreStrategy::report() const {
  StrategyReport r = report_from(last_.status);
  r.lop_seconds = lop_seconds_;
  r.fault_at = fault_at_;
  r.lop_failure_at = lop_failure_at_;
  r.off_target_alarm_seconds = off_target_seconds_;
  return r;
}

CoreStrategy::Plan core_plan_from(const StrategyBrief& brief) {
  CoreStrategy::Plan plan;
  plan.exercise = brief.exercise;
  plan.hold = brief.hold;
  if (!brief.measure_lop) plan.known_lop = brief.given_lop;
  if (const auto* pct = std::get_if<units::Percent>(&brief.target)) {
    plan.target = *pct;
  } else {
    // An absolute target: the device works in %LOP, so it must be told a LOP to express it.
    if (!brief.given_lop) throw std::invalid_argument("ours with a target in mmHg needs a given LOP");
    plan.target = units::fraction_of(std::get<units::Pressure>(brief.target), *brief.given_lop);
    plan.known_lop = brief.given_lop;
  }
  return plan;
}

std::unique_ptr<Strategy> make_core_strategy(const StrategyBrief& brief) { return std::make_unique<CoreStrategy>(core_plan_from(brief)); }

}  // namespace bfr::rig

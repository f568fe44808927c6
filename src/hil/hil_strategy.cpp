#include "hil/hil_strategy.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "core/faults.hpp"
#include "core/lop_search.hpp"
#include "core/phases.hpp"
#include "rig/core_strategy.hpp"

namespace bfr::hil {

namespace {
link::Command command(link::CommandCode code, std::uint16_t value = 0) { return link::Command{code, value, 0}; }
}  // namespace

HilStrategy::HilStrategy(FirmwarePort& port, Plan plan) : port_(port), plan_(std::move(plan)) {
  if (plan_.exercise) exercise_.emplace(*plan_.exercise);
}

void HilStrategy::queue(const link::Message& m, std::uint8_t seq) {
  std::array<std::uint8_t, link::kMaxFrame> buf{};
  const auto n = link::encode(link::Frame{seq, m}, buf);
  outgoing_.insert(outgoing_.end(), buf.begin(), buf.begin() + static_cast<std::ptrdiff_t>(n));
}

void HilStrategy::plan_commands(units::Instant now, std::uint32_t tick) {
  if (tick % kHeartbeatTicks == 0) queue(link::Heartbeat{}, 0);
  const auto send = [&](const link::Command& c) {
    queue(c, seq_);
    seq_ = static_cast<std::uint8_t>(seq_ == 255 ? 1 : seq_ + 1);
  };
  switch (stage_) {
    case 0:  // the prescription
      send(command(link::CommandCode::set_target, static_cast<std::uint16_t>(std::lround(plan_.target.percent() * 10.0))));
      ++stage_;
      return;
    case 1:
      if (plan_.known_lop) {
        send(command(link::CommandCode::set_lop, static_cast<std::uint16_t>(std::lround(plan_.known_lop->mmHg() * 10.0))));
      } else {
        send(command(link::CommandCode::measure_lop));
        lop_started_ = now;
      }
      ++stage_;
      return;
    case 2:  // wait until the device is idle with a LOP, as its telemetry says, then start
      if (!plan_.start_session || !latest_ || latest_->phase != static_cast<std::uint8_t>(core::PhaseId::idle) ||
          latest_->lop_dmmHg == link::kNoValue)
        return;
      send(command(link::CommandCode::start));
      ++stage_;
      return;
    default:
      break;
  }
  if (!exercise_) return;
  const auto ex = exercise_->at(now);
  const auto was = last_exercise_phase_;
  last_exercise_phase_ = ex.phase;
  if (ex.phase == sim::ExercisePhase::repetition && was != sim::ExercisePhase::repetition) send(command(link::CommandCode::start_set));
  if (ex.phase != sim::ExercisePhase::repetition && was == sim::ExercisePhase::repetition) send(command(link::CommandCode::rest));
}

void HilStrategy::take(std::span<const std::uint8_t> device_bytes, units::Instant now) {
  decoder_.feed(device_bytes, [&](const link::Frame& f) {
    if (const auto* t = std::get_if<link::Telemetry>(&f.message)) {
      if (latest_ && (t->flags & link::kFlagOffTarget)) off_target_seconds_ += (t->time_ms - latest_->time_ms) / 1000.0;
      latest_ = *t;
      if (t->phase == static_cast<std::uint8_t>(core::PhaseId::measuring_lop))
        highest_while_measuring_mmHg_ = std::max(highest_while_measuring_mmHg_, t->pressure_dmmHg / 10.0);
      return;
    }
    const auto* e = std::get_if<link::Event>(&f.message);
    if (!e) return;
    switch (e->kind) {
      case link::EventKind::lop_measured:
        report_.measured_lop = units::mmHg(e->value / 10.0);
        report_.lop_quality = e->code / 100.0;
        if (lop_started_) report_.lop_seconds = (now - *lop_started_).seconds();
        break;
      case link::EventKind::lop_failed:
        report_.lop_failure = core::to_string(static_cast<core::LopFailure>(e->code));
        report_.lop_failure_at = now;
        break;
      case link::EventKind::fault:
        if (report_.fault.empty()) {
          report_.fault = core::to_string(static_cast<core::FaultId>(e->code));
          report_.fault_at = now;
        }
        break;
      default:
        break;
    }
  });
}

sim::ActuatorCommand HilStrategy::step(units::Instant now, const sim::SensorReadings& readings) {
  if (stopped_) return rig::to_plant(core::Actuators::deflate());
  const auto tick = sensor_tick(now, rig::to_core(readings));
  plan_commands(now, tick.tick);
  const auto result = port_.tick(outgoing_, std::span(&tick, 1));
  outgoing_.clear();
  if (result.stopped) {
    // The firmware halted with every output safe; the plant's valves fall to their safe state.
    stopped_ = result.stopped;
    report_.fault = std::string("firmware_stopped: ") + link::plant::to_string(*result.stopped);
    report_.fault_at = now;
    return rig::to_plant(core::Actuators::deflate());
  }
  take(result.device_bytes, now);
  commands_.push_back(result.command());
  return rig::to_plant(actuators_of(result.command()));
}

std::optional<rig::StrategyReport> HilStrategy::report() const {
  auto r = report_;
  // What a host can know of the search's highest pressure: the device's telemetry while measuring.
  if (lop_started_ && highest_while_measuring_mmHg_ > 0.0) r.lop_highest_applied = units::mmHg(highest_while_measuring_mmHg_);
  r.off_target_alarm_seconds = off_target_seconds_;
  if (latest_) r.final_phase = core::to_string(static_cast<core::PhaseId>(latest_->phase));
  return r;
}

std::unique_ptr<HilStrategy> make_hil_strategy(const rig::StrategyBrief& brief, FirmwarePort& port) {
  if (brief.name != "ours") throw std::invalid_argument("the firmware runs OpenBFR's controller: actuation.controller must be \"ours\", not \"" + brief.name + "\"");
  return std::make_unique<HilStrategy>(port, rig::core_plan_from(brief));
}

}  // namespace bfr::hil

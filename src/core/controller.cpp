#include "core/controller.hpp"
#include "core/overloaded.hpp"

#include <algorithm>
#include <cmath>

namespace bfr::core {

namespace {
using units::mmHg;
// Inflation is done when the pressure is within this of the setpoint.
constexpr units::Pressure kOnTarget = mmHg(5.0);
// Deflation is done when the cuff has been under this for a while.
constexpr units::Pressure kEmpty = mmHg(5.0);
constexpr auto kEmptyFor = units::seconds(0.5);
// Prescriptions below this are not restriction at all (published-data.md section 4: 40-80 %).
constexpr units::Percent kLowestPrescription = units::percent(20.0);

bool retryable(LopFailure f) {
  return f == LopFailure::too_much_motion || f == LopFailure::no_pulse || f == LopFailure::timed_out ||
         f == LopFailure::pulse_did_not_fade;
}
}  // namespace

Controller::Controller(ControllerConfig config)
    : config_(config), regulator_(config.tuning), restriction_limit_(config.restriction_limit) {}

std::optional<units::Pressure> Controller::setpoint() const {
  if (!lop_ || target_ < kLowestPrescription) return std::nullopt;
  return std::min(target_, limits::kHighestPrescription) * *lop_;
}

void Controller::deflate(units::Instant now, DeflateReason why) {
  deflate_reason_ = why;
  resume_to_pause_ = why == DeflateReason::operator_pause;
  phase_ = Deflating{now};
  regulator_.reset();
}

void Controller::begin_lop_search(units::Instant now) {
  // Built in place: a LopSearch is about 5 KB, and a temporary of it (phase_ = MeasuringLop{})
  // doubled the firmware's deepest stack past its 8 KB (scripts/firmware-figures).
  phase_.emplace<MeasuringLop>().search.start(now);
}

void Controller::handle(units::Instant now, const HostCommand& c) {
  std::visit(Overloaded{
                 [](const command::None&) {},
                 [&](const command::MeasureLop&) {
                   if (!std::holds_alternative<Idle>(phase_)) return;
                   lop_retries_left_ = config_.lop_retries;
                   begin_lop_search(now);
                 },
                 [&](const command::SetLop& s) {
                   if (s.lop > units::mmHg(0.0) && s.lop <= limits::kHardCap) lop_ = s.lop;
                 },
                 [&](const command::SetTarget& s) {
                   target_ = units::clamp(s.of_lop, units::percent(0.0), limits::kHighestPrescription);
                 },
                 [&](const command::Start& st) {
                   if (!std::holds_alternative<Idle>(phase_) || !setpoint()) return;
                   restriction_limit_ = limits::restriction_limit(st.planned_hold, config_.restriction_limit);
                   phase_ = Inflating{now};
                 },
                 [&](const command::StartSet&) {
                   if (std::holds_alternative<Resting>(phase_)) phase_ = Holding{now}, ++sets_started_;
                 },
                 [&](const command::Rest&) {
                   if (std::holds_alternative<Holding>(phase_)) phase_ = Resting{now};
                 },
                 [&](const command::Pause&) {
                   if (std::holds_alternative<Inflating>(phase_) || std::holds_alternative<Holding>(phase_) ||
                       std::holds_alternative<Resting>(phase_))
                     deflate(now, DeflateReason::operator_pause);
                 },
                 [&](const command::Resume&) {
                   if (std::holds_alternative<Paused>(phase_) && setpoint()) phase_ = Inflating{now};
                 },
                 [&](const command::Stop&) {
                   if (!std::holds_alternative<Idle>(phase_) && !std::holds_alternative<Fault>(phase_))
                     deflate(now, DeflateReason::operator_stop);
                   if (std::holds_alternative<Paused>(phase_)) phase_ = Idle{};
                 },
                 [&](const command::Acknowledge&) {},  // handled by the device (supervisor) first
             },
             c);
}

Actuators Controller::regulate(units::Duration dt, std::optional<units::Pressure> sample, Effort effort) {
  const auto sp = setpoint();
  if (!sp) return Actuators::deflate();
  return regulator_.step(dt, sample, *sp, effort);
}

Outputs Controller::step(units::Instant now, const Inputs& in, FaultId latched) {
  const auto dt = previous_ ? now - *previous_ : units::milliseconds(1.0);
  previous_ = now;
  if (in.host_heartbeat) last_heartbeat_ = now;
  if (in.cuff_pressure) {
    // The controller's view of the cuff for phase decisions: lightly filtered.
    const double a = std::min(dt.seconds() / 0.03, 1.0);
    pressure_ = pressure_ ? *pressure_ + (*in.cuff_pressure - *pressure_) * a : *in.cuff_pressure;
  }

  if (latched != FaultId::none) {
    if (!std::holds_alternative<Fault>(phase_)) regulator_.reset();
    phase_ = Fault{};
  } else if (std::holds_alternative<Fault>(phase_)) {
    phase_ = Idle{};  // acknowledged
    deflate_reason_ = DeflateReason::fault;
  }

  handle(now, in.command);

  const bool session = std::holds_alternative<MeasuringLop>(phase_) || std::holds_alternative<Inflating>(phase_) ||
                       std::holds_alternative<Holding>(phase_) || std::holds_alternative<Resting>(phase_);
  if (session && (!last_heartbeat_ || now - *last_heartbeat_ > limits::kHostSilence))
    deflate(now, DeflateReason::host_silent);
  if (pressure_ && *pressure_ > limits::kDeflated && !std::holds_alternative<Idle>(phase_)) restriction_ += dt;
  if ((std::holds_alternative<Holding>(phase_) || std::holds_alternative<Resting>(phase_) ||
       std::holds_alternative<Inflating>(phase_)) &&
      restriction_ >= restriction_limit_)
    deflate(now, DeflateReason::restriction_limit);

  Actuators out = Actuators::deflate();
  std::visit(Overloaded{
                 [&](Idle&) { out = Actuators{}; },
                 [&](Paused&) { out = Actuators{}; },
                 [&](Fault&) { out = Actuators::deflate(); },
                 [&](MeasuringLop& m) {
                   out = m.search.step(now, dt, in.cuff_pressure, in.distal_pulse);
                   if (!m.search.finished()) return;
                   last_lop_ = m.search.result();
                   if (last_lop_->lop) {
                     lop_ = last_lop_->lop;
                     deflate(now, DeflateReason::lop_done);
                   } else {
                     deflate(now, DeflateReason::lop_failed);
                   }
                 },
                 [&](Inflating&) {
                   out = regulate(dt, in.cuff_pressure);
                   const auto sp = setpoint();
                   if (sp && pressure_ && units::abs(*pressure_ - *sp) < kOnTarget) phase_ = Resting{now};
                 },
                 [&](Holding&) { out = regulate(dt, in.cuff_pressure); },
                 [&](Resting&) { out = regulate(dt, in.cuff_pressure, Effort::resting); },
                 [&](Deflating& d) {
                   out = Actuators::deflate();
                   if (!pressure_ || *pressure_ > kEmpty) d.since = now;
                   if (now - d.since < kEmptyFor) return;
                   if (deflate_reason_ == DeflateReason::lop_failed && last_lop_ && retryable(last_lop_->failure) &&
                       lop_retries_left_ > 0) {
                     --lop_retries_left_;
                     begin_lop_search(now);
                   } else {
                     phase_ = resume_to_pause_ ? Phase{Paused{}} : Phase{Idle{}};
                     if (!resume_to_pause_) {
                       restriction_ = {};
                       restriction_limit_ = config_.restriction_limit;
                     }
                   }
                 },
             },
             phase_);

  Status s;
  s.phase = phase_id(phase_);
  s.pressure = pressure_;
  const bool regulated = std::holds_alternative<Holding>(phase_) || std::holds_alternative<Resting>(phase_) ||
                         std::holds_alternative<Inflating>(phase_);
  if (regulated) s.setpoint = setpoint();
  s.lop = lop_;
  s.last_lop = last_lop_;
  s.target = target_;
  s.restriction = restriction_;
  const bool off = (std::holds_alternative<Holding>(phase_) || std::holds_alternative<Resting>(phase_)) && s.setpoint &&
                   pressure_ && units::abs(*pressure_ - *s.setpoint) > limits::kOffTargetAlarm;
  if (!off) off_target_since_.reset();
  else if (!off_target_since_) off_target_since_ = now;
  s.off_target_alarm = off_target_since_ && now - *off_target_since_ >= limits::kOffTargetAlarmDelay;
  s.deflate_reason = deflate_reason_;
  s.fault = latched;
  s.sets_started = sets_started_;
  if (const auto* m = std::get_if<MeasuringLop>(&phase_)) s.lop_pulse = m->search.latest_pulse();
  return {out, s};
}

const char* to_string(PhaseId p) {
  switch (p) {
    case PhaseId::idle: return "idle";
    case PhaseId::measuring_lop: return "measuring_lop";
    case PhaseId::inflating: return "inflating";
    case PhaseId::holding: return "holding";
    case PhaseId::resting: return "resting";
    case PhaseId::paused: return "paused";
    case PhaseId::deflating: return "deflating";
    case PhaseId::fault: return "fault";
  }
  return "?";
}

const char* to_string(DeflateReason r) {
  switch (r) {
    case DeflateReason::none: return "none";
    case DeflateReason::operator_stop: return "operator_stop";
    case DeflateReason::operator_pause: return "operator_pause";
    case DeflateReason::lop_done: return "lop_done";
    case DeflateReason::lop_failed: return "lop_failed";
    case DeflateReason::restriction_limit: return "restriction_limit";
    case DeflateReason::host_silent: return "host_silent";
    case DeflateReason::fault: return "fault";
  }
  return "?";
}

}  // namespace bfr::core

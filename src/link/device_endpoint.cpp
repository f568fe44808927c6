#include "link/device_endpoint.hpp"

#include "link/wire_units.hpp"

namespace bfr::link {

namespace {
// Ranges the device accepts over the link; anything else is refused with an Ack, not applied.
constexpr std::uint16_t kLowestLop = 300, kHighestLop = 3000;  // deci-mmHg: 30-300 mmHg (core::limits::kHardCap)
constexpr std::uint16_t kHighestTarget = 800;                   // deci-percent: core::limits::kHighestPrescription
constexpr std::uint16_t kMostReps = 100;
constexpr std::uint16_t kShortestRepMs = 500, kLongestRepMs = 20000;
// Seconds: core::limits::kLongestPrescribedHold. A longer plan is refused, not shortened.
constexpr std::uint16_t kLongestHoldS = 1200;
static_assert(kLongestHoldS == static_cast<std::uint16_t>(core::limits::kLongestPrescribedHold.seconds()));
}  // namespace

std::optional<core::HostCommand> to_core(const Command& c) {
  namespace cmd = core::command;
  switch (c.code) {
    case CommandCode::measure_lop: return cmd::MeasureLop{};
    case CommandCode::set_lop:
      if (c.value < kLowestLop || c.value > kHighestLop) return std::nullopt;
      return cmd::SetLop{*from_dmmHg(c.value)};  // in range: never kNoValue
    case CommandCode::set_target:
      if (c.value > kHighestTarget) return std::nullopt;
      return cmd::SetTarget{from_dpct(c.value)};
    case CommandCode::start:
      if (c.value > kLongestHoldS) return std::nullopt;
      return cmd::Start{units::seconds(c.value)};
    case CommandCode::start_set:
      if (c.value > kMostReps || (c.value2 != 0 && (c.value2 < kShortestRepMs || c.value2 > kLongestRepMs))) return std::nullopt;
      return cmd::StartSet{};
    case CommandCode::rest: return cmd::Rest{};
    case CommandCode::pause: return cmd::Pause{};
    case CommandCode::resume: return cmd::Resume{};
    case CommandCode::stop:
    case CommandCode::deflate: return cmd::Stop{};
    case CommandCode::acknowledge: return cmd::Acknowledge{};
  }
  return std::nullopt;
}

static_assert(static_cast<std::uint8_t>(core::PumpLayout::shared) == static_cast<std::uint8_t>(PumpLayoutCode::shared) &&
              static_cast<std::uint8_t>(core::PumpLayout::one_per_channel) ==
                  static_cast<std::uint8_t>(PumpLayoutCode::one_per_channel));

template <typename H>
void BasicDeviceEndpoint<H>::send(const Message& m, ByteSink& out, std::uint8_t version) {
  std::array<std::uint8_t, kMaxFrame> buf{};
  const auto n = encode(Frame{seq_++, m, version}, buf);
  out.write(std::span<const std::uint8_t>(buf.data(), n));
}

template <typename H>
void BasicDeviceEndpoint<H>::receive(std::span<const std::uint8_t> bytes, ByteSink& out) {
  decoder_.feed(bytes, [&](const Frame& f) { on_frame(f, out); });
}

template <typename H>
void BasicDeviceEndpoint<H>::on_frame(const Frame& f, ByteSink& out) {
  if (std::holds_alternative<Hello>(f.message)) {
    // Answered in the asker's framing, so that a host of another version can read which version
    // this device speaks and refuse it by name; nothing else from that host is ever read.
    send(HelloReply{kProtocolVersion, config_.kind, kFirmwareVersion,
                    static_cast<std::uint8_t>(1.0 / config_.telemetry_period.seconds() + 0.5)},
         out, f.version);
    if (f.version != kProtocolVersion) return;
  }
  heard_ = true;  // any intact frame from the host shows it is alive
  if (std::holds_alternative<DeviceInfoRequest>(f.message)) send(info(), out);
  const auto* c = std::get_if<Command>(&f.message);
  if (!c) return;
  // A repeat of the last command (its ack was lost) is acknowledged again, not applied twice.
  const bool repeat = last_command_seq_ == f.seq;
  bool ok = true;
  if (!repeat) {
    ok = c->channel < kChannels && to_core(*c).has_value() && queued_ < kQueue;
    if (ok) {
      queue_[queued_++] = *c;
      last_command_seq_ = f.seq;
    }
  }
  send(Ack{f.seq, ok ? AckResult::accepted : AckResult::refused}, out);
}

template <typename H>
Telemetry BasicDeviceEndpoint<H>::telemetry(std::uint8_t channel, units::Instant now, const core::Status& s) const {
  const Cuff& cuff = cuffs_[channel];
  Telemetry t;
  t.channel = channel;
  t.time_ms = static_cast<std::uint32_t>(std::llround(now.seconds() * 1000.0));
  t.pressure_dmmHg = to_signed_dmmHg(s.pressure.value_or(units::mmHg(0.0)));
  t.setpoint_dmmHg = to_dmmHg(s.setpoint);
  t.lop_dmmHg = to_dmmHg(s.lop);
  t.target_dpct = to_dpct(s.target);
  t.phase = static_cast<std::uint8_t>(s.phase);
  t.set = static_cast<std::uint8_t>(std::min(s.sets_started, 255));
  if (s.phase == core::PhaseId::holding && cuff.rep_ms > 0) {
    const auto rep = static_cast<long>((now - cuff.set_started).milliseconds()) / cuff.rep_ms + 1;
    t.rep = static_cast<std::uint8_t>(std::min<long>(rep, cuff.set_reps ? cuff.set_reps : 255));
  }
  // While measuring LOP, the search's own pulse figure (what decides LOP); otherwise the meter's.
  const auto pulse = s.phase == core::PhaseId::measuring_lop ? s.lop_pulse.value_or(units::mmHg(0.0)) : cuff.pulse.amplitude();
  t.pulse_cmmHg = to_cmmHg(pulse);
  t.flags = s.off_target_alarm ? kFlagOffTarget : 0;
  t.fault = static_cast<std::uint8_t>(s.fault);
  return t;
}

template <typename H>
void BasicDeviceEndpoint<H>::report_changes(std::uint8_t channel, units::Instant now, const core::Status& s, ByteSink& out) {
  const auto ms = static_cast<std::uint32_t>(std::llround(now.seconds() * 1000.0));
  const auto event = [&](EventKind k, std::uint8_t code, std::uint16_t value = 0) {
    send(Event{ms, k, code, value, channel}, out);
  };
  Cuff& cuff = cuffs_[channel];
  const auto& was = cuff.previous;
  if (!cuff.reported || s.phase != was.phase) {
    event(EventKind::phase_changed, static_cast<std::uint8_t>(s.phase));
    if (was.phase == core::PhaseId::measuring_lop && s.last_lop) {
      if (s.last_lop->failure == core::LopFailure::none && s.last_lop->lop)
        event(EventKind::lop_measured, static_cast<std::uint8_t>(std::lround(s.last_lop->quality * 100.0F)),
              to_dmmHg(s.last_lop->lop));
      else
        event(EventKind::lop_failed, static_cast<std::uint8_t>(s.last_lop->failure));
    }
    if (s.phase == core::PhaseId::deflating) event(EventKind::deflated, static_cast<std::uint8_t>(s.deflate_reason));
  }
  if (s.fault != was.fault && s.fault != core::FaultId::none) event(EventKind::fault, static_cast<std::uint8_t>(s.fault));
  if (s.off_target_alarm != was.off_target_alarm) event(s.off_target_alarm ? EventKind::alarm_on : EventKind::alarm_off, 1);
  cuff.previous = s;
  cuff.reported = true;
}

template <typename H>
typename BasicDeviceEndpoint<H>::Results BasicDeviceEndpoint<H>::step(units::Instant now, Samples sensors, ByteSink& out) {
  applied_.reset();
  // One command a step (a step is 1 ms), to the cuff it names.
  if (queued_ > 0) {
    applied_ = queue_[0];
    for (std::size_t i = 1; i < queued_; ++i) queue_[i - 1] = queue_[i];
    --queued_;
    const std::size_t channel = applied_->channel;  // checked when queued
    sensors[channel].command = *to_core(*applied_);
    if (applied_->code == CommandCode::start_set) {
      cuffs_[channel].set_started = now;
      cuffs_[channel].set_reps = applied_->value;
      cuffs_[channel].rep_ms = applied_->value2;
    }
  }
  for (std::size_t c = 0; c < kChannels; ++c) {
    sensors[c].host_heartbeat = heard_;
    if (sensors[c].cuff_pressure) cuffs_[c].pulse.add(now, *sensors[c].cuff_pressure);
  }
  heard_ = false;
  const auto outputs = hardware_.step(now, sensors);
  for (std::size_t c = 0; c < kChannels; ++c) report_changes(static_cast<std::uint8_t>(c), now, outputs[c].status, out);
  // On whole milliseconds, so rounding never stretches a period by a step.
  const auto ms = std::llround(now.seconds() * 1000.0);
  if (ms >= next_telemetry_ms_) {
    for (std::size_t c = 0; c < kChannels; ++c) send(telemetry(static_cast<std::uint8_t>(c), now, outputs[c].status), out);
    next_telemetry_ms_ = ms + std::llround(config_.telemetry_period.milliseconds());
  }
  return outputs;
}

template class BasicDeviceEndpoint<OneCuffHardware>;
template class BasicDeviceEndpoint<TwoCuffHardware>;

}  // namespace bfr::link

#include "link/plant_link.hpp"

#include "link/crc16.hpp"
#include "link/little_endian.hpp"

namespace bfr::link::plant {

namespace {

constexpr std::uint8_t kHasCuff = 0x01, kHasLine = 0x02, kHasPulse = 0x04, kSensorsSecondCuff = 0x08;
constexpr std::uint8_t kInflateOpen = 0x01, kDumpPowered = 0x02, kActuatorsSecondCuff = 0x04;
constexpr std::size_t kSensorTickHeader = 7, kActuatorTickSize = 15, kSafeStopSize = 1;

struct PayloadWriter {
  Writer& w;
  Type operator()(const SensorTick& t) const {
    w.u32(t.tick);
    w.u16(t.host_bytes);
    w.u8(static_cast<std::uint8_t>((t.cuff_mmHg ? kHasCuff : 0) | (t.cuff_line_mmHg ? kHasLine : 0) |
                                   (t.distal_pulse ? kHasPulse : 0) | (t.channel == 1 ? kSensorsSecondCuff : 0)));
    // Only the samples this tick has.
    if (t.cuff_mmHg) w.f32(*t.cuff_mmHg);
    if (t.cuff_line_mmHg) w.f32(*t.cuff_line_mmHg);
    if (t.distal_pulse) w.f32(*t.distal_pulse);
    return Type::sensor_tick;
  }
  Type operator()(const ActuatorTick& a) const {
    w.u16(a.tick);
    w.u16(a.device_bytes);
    w.f32(a.pump_duty);
    w.f32(a.vent_opening);
    w.u8(static_cast<std::uint8_t>((a.inflate_valve_open ? kInflateOpen : 0) | (a.dump_valve_powered ? kDumpPowered : 0) |
                                   (a.channel == 1 ? kActuatorsSecondCuff : 0)));
    w.u16(a.step_clocks);
    return Type::actuator_tick;
  }
  Type operator()(const SafeStop& s) const {
    w.u8(static_cast<std::uint8_t>(s.reason));
    return Type::safe_stop;
  }
};

std::optional<Message> parse(std::uint8_t type, std::span<const std::uint8_t> payload) {
  Reader r(payload);
  switch (static_cast<Type>(type)) {
    case Type::sensor_tick: {
      if (payload.size() < kSensorTickHeader) return std::nullopt;
      const auto has = payload[6];
      if ((has & ~(kHasCuff | kHasLine | kHasPulse | kSensorsSecondCuff)) != 0) return std::nullopt;
      const auto samples = std::size_t{(has & kHasCuff) ? 1U : 0U} + ((has & kHasLine) ? 1U : 0U) + ((has & kHasPulse) ? 1U : 0U);
      if (payload.size() != kSensorTickHeader + 4 * samples) return std::nullopt;
      SensorTick t;
      t.tick = r.u32();
      t.host_bytes = r.u16();
      r.u8();
      t.channel = (has & kSensorsSecondCuff) ? 1 : 0;
      if (has & kHasCuff) t.cuff_mmHg = r.f32();
      if (has & kHasLine) t.cuff_line_mmHg = r.f32();
      if (has & kHasPulse) t.distal_pulse = r.f32();
      if (!r.exact()) return std::nullopt;
      return t;
    }
    case Type::actuator_tick: {
      if (payload.size() != kActuatorTickSize) return std::nullopt;
      ActuatorTick a;
      a.tick = r.u16();
      a.device_bytes = r.u16();
      a.pump_duty = r.f32();
      a.vent_opening = r.f32();
      const auto flags = r.u8();
      a.inflate_valve_open = (flags & kInflateOpen) != 0;
      a.dump_valve_powered = (flags & kDumpPowered) != 0;
      a.channel = (flags & kActuatorsSecondCuff) ? 1 : 0;
      a.step_clocks = r.u16();
      return a;
    }
    case Type::safe_stop: {
      if (payload.size() != kSafeStopSize) return std::nullopt;
      const auto reason = r.u8();
      if (reason < static_cast<std::uint8_t>(StopReason::hard_fault) || reason > static_cast<std::uint8_t>(StopReason::watchdog))
        return std::nullopt;
      return SafeStop{static_cast<StopReason>(reason)};
    }
  }
  return std::nullopt;
}

}  // namespace

const char* to_string(StopReason r) {
  switch (r) {
    case StopReason::hard_fault: return "hard_fault";
    case StopReason::abort: return "abort";
    case StopReason::watchdog: return "watchdog";
  }
  return "unknown";
}

std::size_t encode(const Message& m, std::span<std::uint8_t> out) {
  if (out.size() < kMaxFrame) return 0;
  Writer payload(out.subspan(4, kMaxPayload));
  const auto type = std::visit(PayloadWriter{payload}, m);
  if (!payload.ok()) return 0;
  const auto length = payload.size();
  out[0] = kSync0;
  out[1] = kSync1;
  out[2] = static_cast<std::uint8_t>(type);
  out[3] = static_cast<std::uint8_t>(length);
  const auto crc = crc16_ccitt(std::span<const std::uint8_t>(out.data() + 2, length + 2));
  out[4 + length] = static_cast<std::uint8_t>(crc & 0xFF);
  out[5 + length] = static_cast<std::uint8_t>(crc >> 8);
  return length + 6;
}

std::optional<Message> Decoder::feed(std::uint8_t byte) {
  const auto restart = [&] {
    // A sync byte that broke a frame may begin the next one.
    size_ = 0;
    if (byte == kSync0) buffer_[size_++] = byte;
  };
  if (size_ == 0) {
    if (byte == kSync0) buffer_[size_++] = byte;
    else ++stats_.noise_bytes;
    return std::nullopt;
  }
  if (size_ == 1 && byte != kSync1) {
    ++stats_.noise_bytes;
    restart();
    return std::nullopt;
  }
  if (size_ == 3 && byte > kMaxPayload) {
    ++stats_.rejected;
    restart();
    return std::nullopt;
  }
  buffer_[size_++] = byte;
  if (size_ < 4) return std::nullopt;
  const std::size_t length = buffer_[3];
  if (size_ < 6 + length) return std::nullopt;
  size_ = 0;
  const auto crc = crc16_ccitt(std::span<const std::uint8_t>(buffer_.data() + 2, length + 2));
  const auto got = static_cast<std::uint16_t>(buffer_[4 + length] | (buffer_[5 + length] << 8));
  auto message = crc == got ? parse(buffer_[2], std::span<const std::uint8_t>(buffer_.data() + 4, length)) : std::nullopt;
  if (message) ++stats_.frames;
  else ++stats_.rejected;
  return message;
}

}  // namespace bfr::link::plant

#include "link/frame.hpp"

#include <cstring>

#include "link/crc16.hpp"
#include "link/little_endian.hpp"

namespace bfr::link {

namespace {

struct PayloadWriter {
  Writer& w;
  MessageType operator()(const Hello&) const { return MessageType::hello; }
  MessageType operator()(const Heartbeat&) const { return MessageType::heartbeat; }
  MessageType operator()(const DeviceInfoRequest&) const { return MessageType::device_info_request; }
  MessageType operator()(const Command& c) const {
    w.u8(static_cast<std::uint8_t>(c.code));
    w.u16(c.value);
    w.u16(c.value2);
    w.u8(c.channel);
    return MessageType::command;
  }
  MessageType operator()(const HelloReply& h) const {
    w.u8(h.protocol_version);
    w.u8(static_cast<std::uint8_t>(h.kind));
    w.u16(h.firmware_version);
    w.u8(h.telemetry_hz);
    return MessageType::hello_reply;
  }
  MessageType operator()(const Ack& a) const {
    w.u8(a.command_seq);
    w.u8(static_cast<std::uint8_t>(a.result));
    return MessageType::ack;
  }
  MessageType operator()(const DeviceInfo& d) const {
    w.u8(d.channels);
    w.u8(static_cast<std::uint8_t>(d.pumps));
    return MessageType::device_info;
  }
  MessageType operator()(const Telemetry& t) const {
    w.u32(t.time_ms);
    w.i16(t.pressure_dmmHg);
    w.u16(t.setpoint_dmmHg);
    w.u16(t.lop_dmmHg);
    w.u16(t.target_dpct);
    w.u8(t.phase);
    w.u8(t.set);
    w.u8(t.rep);
    w.u16(t.pulse_cmmHg);
    w.u8(t.flags);
    w.u8(t.fault);
    w.u8(t.channel);
    return MessageType::telemetry;
  }
  MessageType operator()(const Event& e) const {
    w.u32(e.time_ms);
    w.u8(static_cast<std::uint8_t>(e.kind));
    w.u8(e.code);
    w.u16(e.value);
    w.u8(e.channel);
    return MessageType::event;
  }
};

// Highest valid values of the enumerations carried in payloads (docs/protocol.md).
constexpr std::uint8_t kLastCommand = static_cast<std::uint8_t>(CommandCode::acknowledge);
constexpr std::uint8_t kLastEvent = static_cast<std::uint8_t>(EventKind::deflated);
constexpr std::uint8_t kLastPhase = 7;   // core::PhaseId::fault
constexpr std::uint8_t kLastFault = 17;  // core::FaultId::sensor_disagreement

std::optional<Message> parse_payload(std::uint8_t type, Reader& r, Reject& why) {
  why = Reject::bad_payload;
  switch (static_cast<MessageType>(type)) {
    case MessageType::hello: return Hello{};
    case MessageType::heartbeat: return Heartbeat{};
    case MessageType::device_info_request: return DeviceInfoRequest{};
    case MessageType::command: {
      const auto code = r.u8();
      Command c{static_cast<CommandCode>(code), r.u16(), r.u16()};
      c.channel = r.u8();
      // No device of this version has a third channel; a channel this device lacks (the second of
      // a one-cuff device) is well formed, and the device refuses it with an ack.
      if (code < 1 || code > kLastCommand || c.channel >= kMostChannels) return std::nullopt;
      return c;
    }
    case MessageType::device_info: {
      DeviceInfo d;
      d.channels = r.u8();
      const auto pumps = r.u8();
      if (d.channels < 1 || d.channels > kMostChannels || pumps > 1) return std::nullopt;
      d.pumps = static_cast<PumpLayoutCode>(pumps);
      return d;
    }
    case MessageType::hello_reply: {
      HelloReply h;
      h.protocol_version = r.u8();
      const auto kind = r.u8();
      h.firmware_version = r.u16();
      h.telemetry_hz = r.u8();
      if (kind > 1) return std::nullopt;
      h.kind = static_cast<DeviceKind>(kind);
      return h;
    }
    case MessageType::ack: {
      Ack a;
      a.command_seq = r.u8();
      const auto result = r.u8();
      if (result > 1) return std::nullopt;
      a.result = static_cast<AckResult>(result);
      return a;
    }
    case MessageType::telemetry: {
      Telemetry t;
      t.time_ms = r.u32();
      t.pressure_dmmHg = r.i16();
      t.setpoint_dmmHg = r.u16();
      t.lop_dmmHg = r.u16();
      t.target_dpct = r.u16();
      t.phase = r.u8();
      t.set = r.u8();
      t.rep = r.u8();
      t.pulse_cmmHg = r.u16();
      t.flags = r.u8();
      t.fault = r.u8();
      t.channel = r.u8();
      if (t.channel >= kMostChannels || t.phase > kLastPhase || t.fault > kLastFault) return std::nullopt;
      return t;
    }
    case MessageType::event: {
      Event e;
      e.time_ms = r.u32();
      const auto kind = r.u8();
      e.code = r.u8();
      e.value = r.u16();
      e.channel = r.u8();
      if (e.channel >= kMostChannels || kind < 1 || kind > kLastEvent) return std::nullopt;
      e.kind = static_cast<EventKind>(kind);
      return e;
    }
  }
  why = Reject::unknown_type;
  return std::nullopt;
}

}  // namespace

const char* to_string(CommandCode c) {
  switch (c) {
    case CommandCode::measure_lop: return "measure_lop";
    case CommandCode::set_lop: return "set_lop";
    case CommandCode::set_target: return "set_target";
    case CommandCode::start: return "start";
    case CommandCode::start_set: return "start_set";
    case CommandCode::rest: return "rest";
    case CommandCode::pause: return "pause";
    case CommandCode::resume: return "resume";
    case CommandCode::stop: return "stop";
    case CommandCode::deflate: return "deflate";
    case CommandCode::acknowledge: return "acknowledge";
  }
  return "?";
}

const char* to_string(Reject r) {
  switch (r) {
    case Reject::noise: return "noise";
    case Reject::bad_version: return "bad_version";
    case Reject::too_long: return "too_long";
    case Reject::bad_crc: return "bad_crc";
    case Reject::unknown_type: return "unknown_type";
    case Reject::bad_payload: return "bad_payload";
    case Reject::count_: break;
  }
  return "?";
}

std::size_t encode(const Frame& frame, std::span<std::uint8_t> out) {
  if (out.size() < kMaxFrame) return 0;
  Writer payload(out.subspan(kHeaderSize, kMaxPayload));
  const auto type = std::visit(PayloadWriter{payload}, frame.message);
  if (!payload.ok()) return 0;
  out[0] = kSync0;
  out[1] = kSync1;
  out[2] = frame.version;
  out[3] = static_cast<std::uint8_t>(type);
  out[4] = frame.seq;
  out[5] = static_cast<std::uint8_t>(payload.size());
  const auto body = kHeaderSize + payload.size();
  const auto crc = crc16_ccitt(std::span<const std::uint8_t>(out.data() + 2, body - 2));
  out[body] = static_cast<std::uint8_t>(crc & 0xFF);
  out[body + 1] = static_cast<std::uint8_t>(crc >> 8);
  return body + kCrcSize;
}

std::optional<Message> parse_message(std::uint8_t type, std::span<const std::uint8_t> payload, Reject& why) {
  Reader r(payload);
  auto m = parse_payload(type, r, why);
  if (m && !r.exact()) {
    why = Reject::bad_payload;
    return std::nullopt;
  }
  return m;
}

void Decoder::drop(std::size_t n) {
  std::memmove(buffer_.data(), buffer_.data() + n, size_ - n);
  size_ -= n;
}

void Decoder::reject(Reject r, std::size_t drop_bytes) {
  ++stats_.rejected[static_cast<std::size_t>(r)];
  drop(drop_bytes);
}

std::optional<Frame> Decoder::next() {
  while (size_ > 0) {
    // Hunt for the two sync bytes; anything before them is noise.
    if (buffer_[0] != kSync0 || (size_ > 1 && buffer_[1] != kSync1)) {
      reject(Reject::noise, 1);
      continue;
    }
    if (size_ < kHeaderSize) return std::nullopt;
    // A bad header is most likely noise that looked like sync: drop one byte and look again.
    // Another version is read only for the two messages whose layout every version keeps.
    const auto type = buffer_[3];
    const bool version_exchange = type == static_cast<std::uint8_t>(MessageType::hello) ||
                                  type == static_cast<std::uint8_t>(MessageType::hello_reply);
    if (buffer_[2] != kProtocolVersion && !version_exchange) { reject(Reject::bad_version, 1); continue; }
    const std::size_t length = buffer_[5];
    if (length > kMaxPayload) { reject(Reject::too_long, 1); continue; }
    const auto total = kHeaderSize + length + kCrcSize;
    if (size_ < total) return std::nullopt;
    const auto crc = crc16_ccitt(std::span<const std::uint8_t>(buffer_.data() + 2, kHeaderSize - 2 + length));
    const auto sent = static_cast<std::uint16_t>(buffer_[total - 2] | (buffer_[total - 1] << 8));
    if (crc != sent) { reject(Reject::bad_crc, 1); continue; }
    // The frame arrived intact: if it is not understood, skip all of it.
    Reject why = Reject::bad_payload;
    auto message = parse_message(type, std::span<const std::uint8_t>(buffer_.data() + kHeaderSize, length), why);
    if (!message) { reject(why, total); continue; }
    Frame f{buffer_[4], *message, buffer_[2]};
    drop(total);
    ++stats_.frames;
    return f;
  }
  return std::nullopt;
}

}  // namespace bfr::link

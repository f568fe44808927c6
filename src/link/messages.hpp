#pragma once
// The messages of the device protocol (docs/protocol.md), as values. Numbers on the wire are
// fixed-point integers in the units named here; these structs hold them as the wire does, so an
// encode/decode round trip is exact. Conversion to unit types happens at the edges
// (device_endpoint and host_link).

#include <cstdint>
#include <variant>

namespace bfr::link {

// 2: start carries the planned continuous hold (aerobic BFR), in seconds.
// 3: a channel (cuff) in commands, telemetry and events, and the device-info request (issue 14).
inline constexpr std::uint8_t kProtocolVersion = 3;
inline constexpr std::uint16_t kNoValue = 0xFFFF;  // an absent optional pressure

enum class DeviceKind : std::uint8_t { hardware = 0, simulated = 1 };
// Which cuff: 0 is the first (the left limb of a pair), 1 the second. A one-cuff device has only 0.
inline constexpr std::uint8_t kMostChannels = 2;

// Host to device.
struct Hello {};                                  // who are you? answered by HelloReply
struct Heartbeat {};                              // the host is alive; silence > 1 s deflates
struct DeviceInfoRequest {};                      // what can you drive? answered by DeviceInfo
enum class CommandCode : std::uint8_t {
  measure_lop = 1, set_lop = 2, set_target = 3, start = 4, start_set = 5, rest = 6,
  pause = 7, resume = 8, stop = 9, deflate = 10, acknowledge = 11,
};
const char* to_string(CommandCode c);
struct Command {
  CommandCode code = CommandCode::stop;
  std::uint16_t value = 0;   // set_lop: deci-mmHg; set_target: deci-percent; start: planned hold s; start_set: repetitions
  std::uint16_t value2 = 0;  // start_set: milliseconds per repetition (the metronome)
  std::uint8_t channel = 0;  // the cuff it is for; an acknowledge clears the whole device
};

// Device to host.
struct HelloReply {
  std::uint8_t protocol_version = kProtocolVersion;
  DeviceKind kind = DeviceKind::hardware;
  std::uint16_t firmware_version = 0;  // major * 256 + minor
  std::uint8_t telemetry_hz = 0;
};
// 0: one pump fills both cuffs through their inflate valves, in turns; 1: a pump per cuff
// (core::PumpLayout).
enum class PumpLayoutCode : std::uint8_t { shared = 0, one_per_channel = 1 };
struct DeviceInfo {
  std::uint8_t channels = 1;  // 1..kMostChannels
  PumpLayoutCode pumps = PumpLayoutCode::one_per_channel;
};
enum class AckResult : std::uint8_t { accepted = 0, refused = 1 };
struct Ack {
  std::uint8_t command_seq = 0;
  AckResult result = AckResult::accepted;
};
struct Telemetry {
  std::uint32_t time_ms = 0;
  std::int16_t pressure_dmmHg = 0;           // filtered cuff pressure, deci-mmHg
  std::uint16_t setpoint_dmmHg = kNoValue;   // kNoValue: no restriction wanted
  std::uint16_t lop_dmmHg = kNoValue;
  std::uint16_t target_dpct = 0;             // deci-percent of LOP
  std::uint8_t phase = 0;                    // core::PhaseId
  std::uint8_t set = 0;                      // sets started this session
  std::uint8_t rep = 0;                      // repetition within the set, from the metronome
  std::uint16_t pulse_cmmHg = 0;             // cuff pulse amplitude, centi-mmHg peak to peak
  std::uint8_t flags = 0;                    // bit 0: off-target alarm
  std::uint8_t fault = 0;                    // core::FaultId, 0 none
  std::uint8_t channel = 0;
};
inline constexpr std::uint8_t kFlagOffTarget = 0x01;

enum class EventKind : std::uint8_t {
  phase_changed = 1,   // code: new PhaseId
  lop_measured = 2,    // value: LOP deci-mmHg; code: quality percent
  lop_failed = 3,      // code: core::LopFailure
  fault = 4,           // code: core::FaultId
  alarm_on = 5,        // code: 1 off target
  alarm_off = 6,
  deflated = 7,        // code: core::DeflateReason
};
struct Event {
  std::uint32_t time_ms = 0;
  EventKind kind = EventKind::phase_changed;
  std::uint8_t code = 0;
  std::uint16_t value = 0;
  std::uint8_t channel = 0;  // the cuff it happened on
};

using Message = std::variant<Hello, Heartbeat, Command, DeviceInfoRequest, HelloReply, Ack, Telemetry, Event, DeviceInfo>;

// The message type byte on the wire (docs/protocol.md, "Messages").
enum class MessageType : std::uint8_t {
  hello = 0x01, heartbeat = 0x02, command = 0x03, device_info_request = 0x04,
  hello_reply = 0x81, ack = 0x82, telemetry = 0x83, event = 0x84, device_info = 0x85,
};

}  // namespace bfr::link

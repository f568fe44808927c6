#pragma once
// The host's end of the link: hello, commands with sequence numbers that are re-sent until
// acknowledged, a heartbeat, and the device's telemetry and events as they arrive. Single
// threaded: the caller calls service() often (every few ms).

#include <array>
#include <chrono>
#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "link/frame.hpp"
#include "link/transport.hpp"

namespace bfr::link {

class HostLink {
 public:
  using Clock = std::chrono::steady_clock;
  explicit HostLink(Transport& transport) : transport_(transport) {}

  // Says hello until the device answers, then asks what it drives (device_info()); throws
  // LinkError if it never answers, or speaks another protocol version.
  HelloReply connect(std::chrono::milliseconds timeout = std::chrono::milliseconds(3000));
  // How many cuffs the connected device drives, and its pump layout.
  [[nodiscard]] const DeviceInfo& device_info() const { return info_.value(); }
  // Queues a command for the cuff it names; it is sent now and re-sent until acknowledged.
  // Returns its sequence number.
  std::uint8_t send(const Command& c);
  // Reads what has arrived (waiting up to `wait`), sends the heartbeat and any re-sends.
  // Throws LinkError if a command goes unacknowledged after every re-send.
  void service(std::chrono::milliseconds wait = std::chrono::milliseconds(5));

  // Telemetry and events received since the last take, oldest first.
  std::vector<Telemetry> take_telemetry();
  std::vector<Event> take_events();
  // The newest telemetry of a cuff.
  [[nodiscard]] const std::optional<Telemetry>& latest(std::uint8_t channel = 0) const { return latest_.at(channel); }
  // Refusals the device acknowledged (a command out of range), since the last take.
  std::vector<Command> take_refused();
  // Time since the device last sent anything.
  [[nodiscard]] Clock::duration silence() const { return Clock::now() - last_heard_; }
  [[nodiscard]] bool all_acknowledged() const { return pending_.empty(); }
  [[nodiscard]] const DecoderStats& decoder_stats() const { return decoder_.stats(); }

  // Timing (docs/protocol.md): heartbeat every 20 ms of wall time, so that a virtual device
  // running 10x faster hears one every 0.2 s of its time, and the host may stall for up to
  // 80 ms of wall time before the device's 1 s limit.
  static constexpr auto kHeartbeat = std::chrono::milliseconds(20);
  static constexpr auto kResend = std::chrono::milliseconds(250);
  static constexpr int kSends = 5;

 private:
  struct Pending {
    std::uint8_t seq;
    Command command;
    Clock::time_point sent;
    int sends;
  };
  void transmit(std::uint8_t seq, const Message& m);
  void on_frame(const Frame& f);

  Transport& transport_;
  Decoder decoder_;
  std::uint8_t seq_ = 0;  // commands only: the device tells a re-send from a new command by it
  std::deque<Pending> pending_;
  Clock::time_point last_heartbeat_{};
  Clock::time_point last_heard_ = Clock::now();
  std::optional<HelloReply> hello_;
  std::optional<DeviceInfo> info_;
  std::array<std::optional<Telemetry>, kMostChannels> latest_{};
  std::vector<Telemetry> telemetry_;
  std::vector<Event> events_;
  std::vector<Command> refused_;
};

}  // namespace bfr::link

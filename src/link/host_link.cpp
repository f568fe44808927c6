#include "link/host_link.hpp"

#include <array>

namespace bfr::link {

void HostLink::transmit(std::uint8_t seq, const Message& m) {
  std::array<std::uint8_t, kMaxFrame> buf{};
  const auto n = encode(Frame{seq, m}, buf);
  transport_.write(std::span<const std::uint8_t>(buf.data(), n));
}

HelloReply HostLink::connect(std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  // Hello until the device answers, then the device-info request until that is answered.
  std::optional<Clock::time_point> next_hello = Clock::now(), next_info;
  while (Clock::now() < deadline) {
    const auto now = Clock::now();
    if (!hello_ && now >= *next_hello) {
      transmit(0, Hello{});
      next_hello = now + kResend;
    }
    if (hello_ && !info_ && (!next_info || now >= *next_info)) {
      transmit(0, DeviceInfoRequest{});
      next_info = now + kResend;
    }
    service(std::chrono::milliseconds(10));
    if (hello_ && hello_->protocol_version != kProtocolVersion)
      throw LinkError("the device speaks protocol version " + std::to_string(hello_->protocol_version) +
                      "; this host speaks " + std::to_string(kProtocolVersion));
    if (hello_ && info_) return *hello_;
  }
  if (hello_) throw LinkError("the device answered hello but not the device-info request within " +
                              std::to_string(timeout.count()) + " ms");
  // A device of protocol version 1 drops frames of any other version without a word.
  throw LinkError("no device answered within " + std::to_string(timeout.count()) +
                  " ms (a device of protocol version 1 does not answer this host, which speaks " +
                  std::to_string(kProtocolVersion) + ")");
}

std::uint8_t HostLink::send(const Command& c) {
  const auto seq = seq_++;
  transmit(seq, c);
  pending_.push_back({seq, c, Clock::now(), 1});
  return seq;
}

void HostLink::on_frame(const Frame& f) {
  last_heard_ = Clock::now();
  std::visit(
      [&](const auto& m) {
        using T = std::decay_t<decltype(m)>;
        if constexpr (std::is_same_v<T, HelloReply>) {
          hello_ = m;
        } else if constexpr (std::is_same_v<T, DeviceInfo>) {
          info_ = m;
        } else if constexpr (std::is_same_v<T, Ack>) {
          for (auto it = pending_.begin(); it != pending_.end(); ++it) {
            if (it->seq != m.command_seq) continue;
            if (m.result == AckResult::refused) refused_.push_back(it->command);
            pending_.erase(it);
            break;
          }
        } else if constexpr (std::is_same_v<T, Telemetry>) {
          latest_[m.channel] = m;
          telemetry_.push_back(m);
        } else if constexpr (std::is_same_v<T, Event>) {
          events_.push_back(m);
        }
      },
      f.message);
}

void HostLink::service(std::chrono::milliseconds wait) {
  std::array<std::uint8_t, 1024> in{};
  const auto n = transport_.read(in, wait);
  decoder_.feed(std::span<const std::uint8_t>(in.data(), n), [&](const Frame& f) { on_frame(f); });
  const auto now = Clock::now();
  if (now - last_heartbeat_ >= kHeartbeat) {
    transmit(0, Heartbeat{});
    last_heartbeat_ = now;
  }
  // Only the oldest unacknowledged command is re-sent, so commands stay in order.
  if (!pending_.empty() && now - pending_.front().sent >= kResend) {
    auto& p = pending_.front();
    if (p.sends >= kSends) throw LinkError("the device did not acknowledge a command after " + std::to_string(kSends) + " sends");
    transmit(p.seq, p.command);
    p.sent = now;
    ++p.sends;
  }
}

std::vector<Telemetry> HostLink::take_telemetry() { return std::exchange(telemetry_, {}); }
std::vector<Event> HostLink::take_events() { return std::exchange(events_, {}); }
std::vector<Command> HostLink::take_refused() { return std::exchange(refused_, {}); }

}  // namespace bfr::link

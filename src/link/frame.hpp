#pragma once
// Framing of the device protocol (docs/protocol.md):
//   sync 0xB7 0x5A | version | type | seq | length | payload (length bytes) | CRC-16 (LE)
// The CRC covers version..payload. The decoder takes bytes as they come (any split), resyncs
// after noise, and rejects every malformed frame with a counted reason; it never allocates and
// never reads outside its buffer, so the firmware can use it as is.

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include "link/messages.hpp"

namespace bfr::link {

inline constexpr std::uint8_t kSync0 = 0xB7;
inline constexpr std::uint8_t kSync1 = 0x5A;
inline constexpr std::size_t kHeaderSize = 6;
inline constexpr std::size_t kMaxPayload = 32;
inline constexpr std::size_t kCrcSize = 2;
inline constexpr std::size_t kMaxFrame = kHeaderSize + kMaxPayload + kCrcSize;

struct Frame {
  std::uint8_t seq = 0;
  Message message;
  // Ours, except for a hello or hello reply of another version: their layout never changes, so
  // that each side can tell the other which version it speaks (docs/protocol.md, "Versions").
  std::uint8_t version = kProtocolVersion;
};

// Writes one frame into `out`; returns its length (0 if `out` is too small).
std::size_t encode(const Frame& frame, std::span<std::uint8_t> out);

enum class Reject : std::uint8_t {
  noise,          // a byte outside any frame (counted per byte)
  bad_version,    // a frame of another protocol version (other than hello and hello reply)
  too_long,       // length field above kMaxPayload
  bad_crc,
  unknown_type,
  bad_payload,    // wrong length for its type, or a value out of range
  count_,
};
const char* to_string(Reject r);

struct DecoderStats {
  std::uint32_t frames = 0;
  std::array<std::uint32_t, static_cast<std::size_t>(Reject::count_)> rejected{};
  [[nodiscard]] std::uint32_t rejected_of(Reject r) const { return rejected[static_cast<std::size_t>(r)]; }
};

// Parses a frame's type and payload into a message; empty if the type is unknown or the
// payload malformed (`why` says which).
std::optional<Message> parse_message(std::uint8_t type, std::span<const std::uint8_t> payload, Reject& why);

class Decoder {
 public:
  // Feeds bytes; calls on_frame(const Frame&) for each good frame, in order.
  template <typename OnFrame>
  void feed(std::span<const std::uint8_t> bytes, OnFrame&& on_frame) {
    for (const auto b : bytes) {
      buffer_[size_++] = b;
      while (auto frame = next()) on_frame(*frame);
    }
  }
  [[nodiscard]] const DecoderStats& stats() const { return stats_; }

 private:
  std::optional<Frame> next();  // a frame from the front of the buffer, if one is complete
  void drop(std::size_t n);
  void reject(Reject r, std::size_t drop_bytes);

  std::array<std::uint8_t, kMaxFrame> buffer_{};
  std::size_t size_ = 0;
  DecoderStats stats_{};
};

}  // namespace bfr::link

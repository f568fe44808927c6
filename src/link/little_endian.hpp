#pragma once
// Little-endian writer and reader over a fixed span, for the frames of both serial lines (the
// device protocol and the plant link). The writer and the reader remember an overrun instead of
// going past the span. No heap: the firmware uses them.

#include <bit>
#include <cstddef>
#include <cstdint>
#include <span>

namespace bfr::link {

class Writer {
 public:
  explicit Writer(std::span<std::uint8_t> out) : out_(out) {}
  void u8(std::uint8_t v) { put(v); }
  void u16(std::uint16_t v) { put(static_cast<std::uint8_t>(v & 0xFF)); put(static_cast<std::uint8_t>(v >> 8)); }
  void i16(std::int16_t v) { u16(static_cast<std::uint16_t>(v)); }
  void u32(std::uint32_t v) { u16(static_cast<std::uint16_t>(v & 0xFFFF)); u16(static_cast<std::uint16_t>(v >> 16)); }
  void f32(float v) { u32(std::bit_cast<std::uint32_t>(v)); }
  [[nodiscard]] std::size_t size() const { return n_; }
  [[nodiscard]] bool ok() const { return ok_; }

 private:
  void put(std::uint8_t v) {
    if (n_ < out_.size()) out_[n_++] = v;
    else ok_ = false;
  }
  std::span<std::uint8_t> out_;
  std::size_t n_ = 0;
  bool ok_ = true;
};

class Reader {
 public:
  explicit Reader(std::span<const std::uint8_t> in) : in_(in) {}
  std::uint8_t u8() { return n_ < in_.size() ? in_[n_++] : (ok_ = false, std::uint8_t{0}); }
  std::uint16_t u16() { const auto lo = u8(); return static_cast<std::uint16_t>(lo | (u8() << 8)); }
  std::int16_t i16() { return static_cast<std::int16_t>(u16()); }
  std::uint32_t u32() { const auto lo = u16(); return lo | (static_cast<std::uint32_t>(u16()) << 16); }
  float f32() { return std::bit_cast<float>(u32()); }
  // Every byte read, none missing or left over.
  [[nodiscard]] bool exact() const { return ok_ && n_ == in_.size(); }

 private:
  std::span<const std::uint8_t> in_;
  std::size_t n_ = 0;
  bool ok_ = true;
};

}  // namespace bfr::link

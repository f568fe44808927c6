#include "store/sample_codec.hpp"

#include <zstd.h>

#include <array>
#include <cmath>
#include <limits>
#include <string>

#include "store/store.hpp"

namespace bfr::store {

namespace {

// The first byte of a block says how the rest is written.
enum class Format : std::uint8_t { columns = 1, columns_zstd = 2 };

// The columns, in the order they are written.
enum Column : std::size_t { kTime, kPressure, kHasSetpoint, kSetpoint, kTarget, kPhase, kSet, kRep, kPulse, kOffTarget, kFault, kColumns };

// zstd's default level: higher levels gained under 3 % on session data and cost ingest speed
// (bfr bench store prints both sizes).
constexpr int kZstdLevel = 3;
// A sample takes kColumns varints of 1 to 10 bytes: a block whose bytes do not fit its count is
// damaged, and is refused before anything is allocated for it.
constexpr std::size_t kMinBytesPerSample = kColumns;
constexpr std::size_t kMaxBytesPerSample = kColumns * 10;
// The store writes 500 (sample_blocks.hpp) and splits larger merges; far more is damage.
constexpr std::uint64_t kMaxSamplesPerBlock = 65'536;

// Values far beyond any device's range are refused rather than wrapped (2^40 steps).
constexpr double kLargest = 1099511627776.0;

std::int64_t steps(double value, double per_unit, const char* what) {
  const double v = std::round(value * per_unit);
  if (!std::isfinite(v) || std::fabs(v) > kLargest)
    throw StoreError(std::string("a sample's ") + what + " cannot be stored: " + std::to_string(value));
  return static_cast<std::int64_t>(v);
}

// Deltas wrap rather than overflow: any 64-bit times round-trip, and a damaged block gives wrong
// numbers, never undefined behaviour.
std::int64_t wrapping_add(std::int64_t a, std::int64_t b) { return static_cast<std::int64_t>(static_cast<std::uint64_t>(a) + static_cast<std::uint64_t>(b)); }
std::int64_t wrapping_sub(std::int64_t a, std::int64_t b) { return static_cast<std::int64_t>(static_cast<std::uint64_t>(a) - static_cast<std::uint64_t>(b)); }

std::uint64_t zigzag(std::int64_t v) { return (static_cast<std::uint64_t>(v) << 1) ^ static_cast<std::uint64_t>(v >> 63); }
std::int64_t unzigzag(std::uint64_t v) { return static_cast<std::int64_t>(v >> 1) ^ -static_cast<std::int64_t>(v & 1); }

void put_varint(std::vector<std::uint8_t>& out, std::uint64_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<std::uint8_t>(v | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<std::uint8_t>(v));
}

class Reader {
 public:
  explicit Reader(std::span<const std::uint8_t> bytes) : bytes_(bytes) {}
  std::uint64_t varint() {
    std::uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (at_ >= bytes_.size()) throw StoreError("a sample block is damaged: it ends inside a number");
      const auto b = bytes_[at_++];
      v |= static_cast<std::uint64_t>(b & 0x7F) << shift;
      if ((b & 0x80) == 0) return v;
    }
    throw StoreError("a sample block is damaged: a number is too long");
  }
  [[nodiscard]] std::span<const std::uint8_t> rest() const { return bytes_.subspan(at_); }
  [[nodiscard]] bool done() const { return at_ == bytes_.size(); }

 private:
  std::span<const std::uint8_t> bytes_;
  std::size_t at_ = 0;
};

using Row = std::array<std::int64_t, kColumns>;

Row to_row(const Sample& s) {
  Row r{};
  r[kTime] = s.t_ms;
  r[kPressure] = steps(s.pressure_mmHg, kPressureSteps, "pressure");
  r[kHasSetpoint] = s.setpoint_mmHg ? 1 : 0;
  r[kSetpoint] = s.setpoint_mmHg ? steps(*s.setpoint_mmHg, kPressureSteps, "set point") : 0;
  r[kTarget] = steps(s.target_pct, kTargetSteps, "target");
  r[kPhase] = s.phase;
  r[kSet] = s.set;
  r[kRep] = s.rep;
  r[kPulse] = steps(s.pulse_mmHg, kPulseSteps, "pulse");
  r[kOffTarget] = s.off_target ? 1 : 0;
  r[kFault] = s.fault;
  return r;
}

Sample from_row(const Row& r) {
  Sample s;
  s.t_ms = r[kTime];
  s.pressure_mmHg = static_cast<double>(r[kPressure]) / kPressureSteps;
  if (r[kHasSetpoint] != 0) s.setpoint_mmHg = static_cast<double>(r[kSetpoint]) / kPressureSteps;
  s.target_pct = static_cast<double>(r[kTarget]) / kTargetSteps;
  s.phase = static_cast<int>(r[kPhase]);
  s.set = static_cast<int>(r[kSet]);
  s.rep = static_cast<int>(r[kRep]);
  s.pulse_mmHg = static_cast<double>(r[kPulse]) / kPulseSteps;
  s.off_target = r[kOffTarget] != 0;
  s.fault = static_cast<int>(r[kFault]);
  return s;
}

// Column by column: each value as the change from the one before; times as the change of that
// change, so a steady sample rate is a run of zeros.
std::vector<std::uint8_t> columns(std::span<const Sample> samples) {
  std::vector<Row> rows;
  rows.reserve(samples.size());
  for (const auto& s : samples) {
    rows.push_back(to_row(s));
    if (rows.size() > 1 && rows.back()[kTime] <= rows[rows.size() - 2][kTime])
      throw StoreError("samples in a block must be in strictly increasing time");
  }
  std::vector<std::uint8_t> out;
  out.reserve(samples.size() * 4);
  for (std::size_t c = 0; c < kColumns; ++c) {
    std::int64_t previous = 0, previous_delta = 0;
    for (const auto& r : rows) {
      const auto delta = wrapping_sub(r[c], previous);
      put_varint(out, zigzag(c == kTime ? wrapping_sub(delta, previous_delta) : delta));
      previous = r[c];
      previous_delta = delta;
    }
  }
  return out;
}

std::vector<std::uint8_t> framed(Format f, std::size_t count, std::span<const std::uint8_t> body) {
  std::vector<std::uint8_t> out{static_cast<std::uint8_t>(f)};
  put_varint(out, count);
  out.insert(out.end(), body.begin(), body.end());
  return out;
}

}  // namespace

Sample quantised(const Sample& s) { return from_row(to_row(s)); }

std::vector<std::uint8_t> encode_samples_uncompressed(std::span<const Sample> samples) {
  return framed(Format::columns, samples.size(), columns(samples));
}

std::vector<std::uint8_t> encode_samples(std::span<const Sample> samples) {
  const auto raw = columns(samples);
  std::vector<std::uint8_t> packed(ZSTD_compressBound(raw.size()));
  const auto n = ZSTD_compress(packed.data(), packed.size(), raw.data(), raw.size(), kZstdLevel);
  if (ZSTD_isError(n)) throw StoreError(std::string("cannot compress a sample block: ") + ZSTD_getErrorName(n));
  packed.resize(n);
  if (packed.size() < raw.size()) return framed(Format::columns_zstd, samples.size(), packed);
  return framed(Format::columns, samples.size(), raw);
}

std::vector<Sample> decode_samples(std::span<const std::uint8_t> block) {
  if (block.empty()) throw StoreError("a sample block is empty");
  const auto format = static_cast<Format>(block[0]);
  if (format != Format::columns && format != Format::columns_zstd)
    throw StoreError("a sample block has an unknown format " + std::to_string(block[0]) + ": use a newer bfr");
  Reader header(block.subspan(1));
  const auto count = header.varint();
  if (count > kMaxSamplesPerBlock) throw StoreError("a sample block is damaged: it claims " + std::to_string(count) + " samples");
  std::vector<std::uint8_t> unpacked;
  auto body = header.rest();
  const auto fits = [count](std::uint64_t bytes) { return bytes >= count * kMinBytesPerSample && bytes <= count * kMaxBytesPerSample; };
  if (format == Format::columns_zstd) {
    const auto size = ZSTD_getFrameContentSize(body.data(), body.size());
    if (size == ZSTD_CONTENTSIZE_ERROR || size == ZSTD_CONTENTSIZE_UNKNOWN || !fits(size))
      throw StoreError("a sample block is damaged: its compressed size does not fit " + std::to_string(count) + " samples");
    unpacked.resize(static_cast<std::size_t>(size));
    const auto n = ZSTD_decompress(unpacked.data(), unpacked.size(), body.data(), body.size());
    if (ZSTD_isError(n)) throw StoreError(std::string("a sample block is damaged: ") + ZSTD_getErrorName(n));
    unpacked.resize(n);
    body = unpacked;
  }
  if (!fits(body.size())) throw StoreError("a sample block is damaged: its size does not fit " + std::to_string(count) + " samples");
  std::vector<Row> rows(static_cast<std::size_t>(count));
  Reader in(body);
  for (std::size_t c = 0; c < kColumns; ++c) {
    std::int64_t previous = 0, previous_delta = 0;
    for (auto& r : rows) {
      const auto coded = unzigzag(in.varint());
      const auto delta = c == kTime ? wrapping_add(coded, previous_delta) : coded;
      r[c] = wrapping_add(previous, delta);
      previous = r[c];
      previous_delta = delta;
    }
  }
  if (!in.done()) throw StoreError("a sample block is damaged: it has bytes after its last sample");
  std::vector<Sample> out;
  out.reserve(rows.size());
  for (const auto& r : rows) {
    if (!out.empty() && r[kTime] <= out.back().t_ms) throw StoreError("a sample block is damaged: its times are out of order");
    out.push_back(from_row(r));
  }
  return out;
}

}  // namespace bfr::store

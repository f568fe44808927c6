// The sample block codec (store/sample_codec.hpp): what goes in comes back at the device's
// resolution, damage is refused with a message and never read past, and a session's telemetry
// fits the size the store promises.

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "store/bench/synthetic_session.hpp"
#include "store/sample_codec.hpp"
#include "store/store.hpp"

namespace bfr::store {
namespace {

Sample at(std::int64_t t, double pressure) {
  Sample s;
  s.t_ms = t;
  s.pressure_mmHg = pressure;
  s.setpoint_mmHg = 110.5;
  s.target_pct = 62.5;
  s.phase = 3;
  s.set = 2;
  s.rep = 11;
  s.pulse_mmHg = 1.87;
  s.off_target = true;
  s.fault = 9;
  return s;
}

void expect_same(const Sample& a, const Sample& b) {
  EXPECT_EQ(a.t_ms, b.t_ms);
  EXPECT_DOUBLE_EQ(a.pressure_mmHg, b.pressure_mmHg);
  EXPECT_EQ(a.setpoint_mmHg, b.setpoint_mmHg);
  EXPECT_DOUBLE_EQ(a.target_pct, b.target_pct);
  EXPECT_EQ(a.phase, b.phase);
  EXPECT_EQ(a.set, b.set);
  EXPECT_EQ(a.rep, b.rep);
  EXPECT_DOUBLE_EQ(a.pulse_mmHg, b.pulse_mmHg);
  EXPECT_EQ(a.off_target, b.off_target);
  EXPECT_EQ(a.fault, b.fault);
}

TEST(SampleCodec, ADevicesSamplesComeBackExactly) {
  // Every column at the resolution telemetry carries it, with irregular times, a missing set
  // point, negative pressures and large values.
  std::vector<Sample> in = {at(-5, -0.3), at(0, 0.0), at(7, 299.9), at(1'000'000'000'000, 3276.7)};
  in[1].setpoint_mmHg = std::nullopt;
  in[2].pulse_mmHg = 0.01;
  in[3].target_pct = 100.0;
  for (const auto& block : {encode_samples(in), encode_samples_uncompressed(in)}) {
    const auto out = decode_samples(block);
    ASSERT_EQ(out.size(), in.size());
    for (std::size_t i = 0; i < in.size(); ++i) expect_same(out[i], in[i]);
  }
}

TEST(SampleCodec, FinerValuesAreKeptAtTheDevicesResolution) {
  auto s = at(1, 123.456789);
  s.setpoint_mmHg = 99.94;
  s.target_pct = 60.04;
  s.pulse_mmHg = 1.234;
  const auto q = quantised(s);
  EXPECT_DOUBLE_EQ(q.pressure_mmHg, 123.5);  // deci-mmHg
  EXPECT_DOUBLE_EQ(*q.setpoint_mmHg, 99.9);
  EXPECT_DOUBLE_EQ(q.target_pct, 60.0);      // deci-percent
  EXPECT_DOUBLE_EQ(q.pulse_mmHg, 1.23);      // centi-mmHg
  expect_same(decode_samples(encode_samples(std::vector{s})).at(0), q);
}

TEST(SampleCodec, WhatCannotBeStoredIsRefusedWithTheReason) {
  auto nan = at(1, std::numeric_limits<double>::quiet_NaN());
  EXPECT_THROW(encode_samples(std::vector{nan}), StoreError);
  try {
    encode_samples(std::vector{at(2, 1.0), at(1, 1.0)});
    FAIL() << "times out of order were encoded";
  } catch (const StoreError& e) {
    EXPECT_NE(std::string(e.what()).find("increasing time"), std::string::npos) << e.what();
  }
  auto huge = at(1, 1.0);
  huge.pulse_mmHg = 1e300;
  EXPECT_THROW(encode_samples(std::vector{huge}), StoreError);
}

// Every shortened block and every block with one byte changed either decodes to something or is
// refused as damaged: never a crash, never a read past the end (the ASan build checks that).
TEST(SampleCodec, DamagedBlocksAreRefusedNotMisread) {
  const auto samples = synthetic_samples({});
  const std::span<const Sample> some(samples.data() + 4000, 300);
  for (const auto& good : {encode_samples(some), encode_samples_uncompressed(some)}) {
    for (std::size_t n = 0; n < good.size(); ++n) {
      const std::span<const std::uint8_t> cut(good.data(), n);
      EXPECT_THROW(decode_samples(cut), StoreError) << "a block cut to " << n << " bytes";
    }
    int refused = 0;
    for (std::size_t i = 0; i < good.size(); i += 3) {
      auto bad = good;
      bad[i] ^= 0x5A;
      try {
        decode_samples(bad);
      } catch (const StoreError&) {
        ++refused;
      }
    }
    EXPECT_GT(refused, 0);
  }
  try {
    decode_samples(std::vector<std::uint8_t>{77, 1, 0});
    FAIL();
  } catch (const StoreError& e) {
    EXPECT_NE(std::string(e.what()).find("unknown format 77"), std::string::npos) << e.what();
  }
}

// Issue 18's target, on the codec alone: a session's 100 Hz telemetry in blocks of the store's
// length costs well under 4 bytes a sample (bfr bench store measures the whole database).
TEST(SampleCodec, ASessionsTelemetryTakesUnderFourBytesASample) {
  const auto samples = synthetic_samples({});
  ASSERT_GT(samples.size(), 20000U);
  double bytes = 0;
  for (std::size_t i = 0; i < samples.size(); i += 500)
    bytes += static_cast<double>(encode_samples(std::span(samples).subspan(i, std::min<std::size_t>(500, samples.size() - i))).size());
  EXPECT_LT(bytes / static_cast<double>(samples.size()), 4.0);
}

}  // namespace
}  // namespace bfr::store

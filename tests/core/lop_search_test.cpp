// The LOP search's parts, and the whole search, on synthetic signals with a known answer: a cuff
// whose pressure rises with the pump duty, carrying a pulse whose size follows an oscillometric
// envelope that falls to exactly the characteristic ratio (0.30 of its peak) at the chosen LOP.

#include "core/lop_search.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <vector>

#include "core/limits.hpp"
#include "core/lop/block_buffer.hpp"
#include "core/lop/motion_gate.hpp"
#include "core/lop/low_pass.hpp"
#include "core/lop/pulse_envelope.hpp"
#include "core/lop/quality.hpp"
#include "core/lop/ramp_pacer.hpp"

namespace bfr::core {
namespace {

using units::at_seconds;
using units::mmHg;
using units::seconds;

// One block, in seconds, as the tests step time.
constexpr double kBlock = static_cast<double>(lop::kBlockS);

// Pulse size (peak to peak) against cuff pressure: rising to a broad peak around `peak_at` (mean
// arterial pressure; real oscillometric peaks span tens of mmHg), then dying away exponentially to
// 0.30 of the peak at `lop`.
struct Envelope {
  double lop = 160.0;
  double peak_at = 100.0;
  double peak = 3.0;
  static constexpr double kPlateau = 10.0;  // mmHg either side of peak_at
  [[nodiscard]] double at(double p) const {
    const double rise_from = peak_at - kPlateau, fall_from = peak_at + kPlateau;
    if (p <= rise_from) return peak * std::clamp(0.4 + 0.6 * (p - 60.0) / (rise_from - 60.0), 0.0, 1.0);
    if (p <= fall_from) return peak;
    return peak * std::exp(std::log(0.30) * (p - fall_from) / (lop - fall_from));
  }
};

TEST(LopEnvelope, FallsToTheCharacteristicRatioAtLop) {
  const Envelope e;
  EXPECT_NEAR(e.at(e.lop) / e.peak, 0.30, 1e-12);
  EXPECT_DOUBLE_EQ(e.at(e.peak_at), e.peak);
}

// Feeds `seconds` of 4 ms samples of `pressure(t)` through the low-pass into a block buffer,
// closing a block every 0.35 s; returns the last window and when it closed.
template <class Signal>
std::pair<lop::Window, double> window_of(Signal pressure, double seconds) {
  lop::LowPass filter;
  lop::BlockBuffer buffer;
  double block_start = 0.0;
  for (double t = 0.0; t < seconds; t += 0.004) {
    buffer.add_cuff(static_cast<float>(t), filter.step(static_cast<float>(pressure(t)), 0.004F));
    if (t - block_start >= kBlock) buffer.close(0.0F), block_start = t;
  }
  EXPECT_TRUE(buffer.full());
  return {buffer.window(), block_start};
}

TEST(BlockBuffer, TheRampIsNotPulseEvenWhenItsRateChanges) {
  // The pacer slowing the ramp as fast as it may (5 % of 7 mmHg/s a block: 1 mmHg/s^2). A 0.6 s
  // high-pass filter's output drifts by 0.8 mmHg over one window of that, as big as the pulse near
  // LOP, and a straight line leaves 0.25 mmHg; about the window's parabola there is nothing left.
  const auto slowing = [](double t) { return 70.0 + 7.0 * t - 0.5 * t * t; };
  EXPECT_LT(window_of(slowing, 5.6).first.cuff_pulse, 0.02F);
  const auto steady = [](double t) { return 70.0 + 7.0 * t; };
  EXPECT_LT(window_of(steady, 5.6).first.cuff_pulse, 0.02F);
}

TEST(BlockBuffer, AWindowMeasuresThePulseAboutItsTrend) {
  for (const double hr : {45.0, 70.0, 120.0, 190.0}) {
    for (const double phase : {0.0, 1.0, 2.0, 3.0, 4.0, 5.0}) {
      SCOPED_TRACE(testing::Message() << hr << " bpm, phase " << phase);
      const auto pulse = [hr, phase](double t) {
        return 120.0 + 3.5 * t + 0.4 * std::sin(2.0 * std::numbers::pi * hr / 60.0 * t + phase);
      };
      const auto [w, closed_at] = window_of(pulse, 5.6);
      // 0.8 mmHg peak to peak. From 70 bpm the parabola leaves -5 to +17 % of it (where the beats
      // fall against the window's ends); with about one beat in the window (45 bpm) it takes up to
      // 60 %, the known cost of fitting over the window alone (block_buffer.hpp).
      const double share = static_cast<double>(w.cuff_pulse) / 0.8;
      EXPECT_GE(share, hr < 60.0 ? 0.4 : 0.95);
      EXPECT_LE(share, hr < 60.0 ? 1.0 : 1.17);
      EXPECT_NEAR(w.pressure, 120.0 + 3.5 * (closed_at - 2.0 * kBlock), 0.2);  // the low-pass lags 20 ms
    }
  }
}

TEST(BlockBuffer, AWindowIsTheLastFourBlocks) {
  lop::BlockBuffer buffer;
  for (int b = 0; b < 5; ++b) {
    const float t = static_cast<float>(b) * lop::kBlockS;
    buffer.add_cuff(t, 100.0F + static_cast<float>(b));
    buffer.add_cuff(t + 0.1F, 100.0F + static_cast<float>(b));
    buffer.add_distal(static_cast<float>(b));
    buffer.close(0.0F);
    EXPECT_EQ(buffer.full(), b >= 3);
  }
  const lop::Window w = buffer.window();  // blocks 1..4
  EXPECT_FLOAT_EQ(w.pressure, 102.5F);
  EXPECT_FLOAT_EQ(w.distal_pulse, 3.0F);  // 1 to 4
  EXPECT_FLOAT_EQ(buffer.ramp_rate(), 3.0F / (3.0F * lop::kBlockS));
}

TEST(MotionGate, AJoltHoldsTheRampAndSpoilsTheWindowsThatContainIt) {
  lop::MotionGate gate;
  const std::vector<float> pulses(lop::kMotionReference, 2.0F);
  double t = 0.0;
  for (int i = 0; i < 20; ++i, t += kBlock) {
    const auto v = gate.judge(at_seconds(t), 1.2F, pulses);
    ASSERT_FALSE(v.jolt);
    ASSERT_FALSE(v.spoils_window);
  }
  const auto jolt = gate.judge(at_seconds(t), 6.0F, pulses);
  EXPECT_TRUE(jolt.jolt);
  EXPECT_TRUE(gate.holding(at_seconds(t + 0.9)));
  EXPECT_FALSE(gate.holding(at_seconds(t + 1.1)));
  int spoiled = jolt.spoils_window ? 1 : 0;
  for (int i = 1; i < 8; ++i) spoiled += gate.judge(at_seconds(t + i * kBlock), 1.2F, pulses).spoils_window;
  EXPECT_EQ(spoiled, static_cast<int>(lop::kBlocksPerWindow));
  // Right after a hold the gate does not hold again, so the reference can catch up; the jolt
  // still spoils its windows.
  const auto soon = gate.judge(at_seconds(t + 2.0), 6.0F, pulses);
  EXPECT_TRUE(soon.jolt);
  EXPECT_TRUE(soon.spoils_window);
  EXPECT_FALSE(gate.holding(at_seconds(t + 2.1)));
  EXPECT_TRUE(gate.judge(at_seconds(t + 4.0), 6.0F, pulses).jolt);
  EXPECT_TRUE(gate.holding(at_seconds(t + 4.1)));
  // A swing within a beat's pulse (1.6x) is not movement; nor is anything under 1 mmHg.
  lop::MotionGate small;
  const std::vector<float> tiny(lop::kMotionReference, 0.3F);
  EXPECT_FALSE(small.judge(at_seconds(0.0), 0.9F, tiny).jolt);
  EXPECT_FALSE(small.judge(at_seconds(0.0), 3.1F, pulses).jolt);
}

TEST(RampPacer, StartsFromTheFillRateAndMovesAtMostFivePercentABlock) {
  lop::RampPacer pacer;
  pacer.start(mmHg(50.0), mmHg(70.0), seconds(0.5));  // 40 mmHg/s at full pump
  EXPECT_FLOAT_EQ(pacer.duty(), lop::kRampMmHgPerS / 40.0F);
  const float before = pacer.duty();
  pacer.on_block(at_seconds(1.0), 0.0F, 80.0F, false);  // no rise at all: speed up, but gently
  EXPECT_FLOAT_EQ(pacer.duty(), before * lop::kMaxDutyChange);
  pacer.on_block(at_seconds(1.35), 50.0F, 85.0F, false);  // far too fast: slow down, gently
  EXPECT_FLOAT_EQ(pacer.duty(), before);
}

TEST(RampPacer, FullPumpWithoutARiseIsAStall) {
  lop::RampPacer pacer;
  pacer.start(mmHg(50.0), mmHg(70.0), seconds(20.0));  // a weak pump: starts at full duty
  ASSERT_FLOAT_EQ(pacer.duty(), 1.0F);
  double t = 0.0;
  for (; t < 2.9; t += kBlock) pacer.on_block(at_seconds(t), 0.2F, 90.0F, false);
  EXPECT_FALSE(pacer.stalled());
  for (; t < 6.5; t += kBlock) pacer.on_block(at_seconds(t), 0.2F, 91.0F, false);
  EXPECT_TRUE(pacer.stalled());
  lop::RampPacer rising;
  rising.start(mmHg(50.0), mmHg(70.0), seconds(20.0));
  for (t = 0.0; t < 6.5; t += kBlock) rising.on_block(at_seconds(t), 2.0F, static_cast<float>(90.0 + 2.0 * t), false);
  EXPECT_FALSE(rising.stalled());
}

// Windows every 1 mmHg along an envelope.
lop::WindowLog windows_along(const Envelope& e, double from, double to, double step = 1.0) {
  lop::WindowLog log;
  for (double p = from; p <= to; p += step)
    log.add({static_cast<float>(p), static_cast<float>(e.at(p)), 0.0F});
  return log;
}

TEST(PulseEnvelope, PeakAndCrossingOfAKnownEnvelope) {
  const Envelope e{.lop = 180.0, .peak_at = 110.0, .peak = 2.5};
  const lop::WindowLog log = windows_along(e, 70.0, 200.0);
  const lop::EnvelopePeak peak = log.cuff_peak();
  EXPECT_NEAR(peak.value, 2.5, 0.05);
  EXPECT_NEAR(peak.pressure, 110.0 + Envelope::kPlateau, 2.0);  // the last window at the peak
  lop::CrossingFinder finder(0.30F * peak.value, peak.value, log[0].pressure, peak.pressure);
  for (std::size_t i = 0; i < log.size(); ++i) finder.add(log[i].pressure, log.envelope(i, &lop::Window::cuff_pulse));
  ASSERT_TRUE(finder.found());
  EXPECT_NEAR(finder.crossing(), 180.0, 1.0);
  EXPECT_NEAR(lop::refine_by_decay_fit(log, peak.pressure, 0.30F * peak.value, finder.crossing()), 180.0, 1.0);
}

TEST(PulseEnvelope, OneDisturbedWindowMovesNeitherThePeakNorTheCrossing) {
  const Envelope e{.lop = 180.0, .peak_at = 110.0, .peak = 2.5};
  lop::WindowLog log;
  for (double p = 70.0; p <= 200.0; p += 1.0)
    log.add({static_cast<float>(p), static_cast<float>(p == 150.0 || p == 178.0 ? 12.0 : e.at(p)), 0.0F});
  const lop::EnvelopePeak peak = log.cuff_peak();
  EXPECT_NEAR(peak.value, 2.5, 0.05);
  lop::CrossingFinder finder(0.30F * peak.value, peak.value, log[0].pressure, peak.pressure);
  for (std::size_t i = 0; i < log.size(); ++i) finder.add(log[i].pressure, log.envelope(i, &lop::Window::cuff_pulse));
  EXPECT_NEAR(finder.crossing(), 180.0, 1.0);
  EXPECT_NEAR(log.disturbed_share(), 2.0 / static_cast<double>(log.size()), 1e-6);
}

TEST(PulseEnvelope, ACrossingNeedsThreeWindowsBelowInARow) {
  lop::CrossingFinder finder(1.0F, 3.0F, 100.0F, 100.0F);
  finder.add(110.0F, 0.5F);
  finder.add(111.0F, 0.5F);
  finder.add(112.0F, 1.5F);  // back above: the first dip was noise
  EXPECT_FALSE(finder.found());
  finder.add(120.0F, 0.9F);
  finder.add(121.0F, 0.8F);
  finder.add(122.0F, 0.7F);
  ASSERT_TRUE(finder.found());
  EXPECT_NEAR(finder.crossing(), 112.0F + (1.5F - 1.0F) / (1.5F - 0.9F) * 8.0F, 1e-4);
}

TEST(LopQuality, ASecondMethodThatAgreesRaisesIt) {
  const float alone = lop::lop_quality(2.0F, 0.0F, false, 150.0F, std::nullopt);
  const float agreed = lop::lop_quality(2.0F, 0.0F, true, 150.0F, 148.0F);
  const float disagreed = lop::lop_quality(2.0F, 0.0F, true, 150.0F, 170.0F);
  EXPECT_GT(agreed, alone);
  EXPECT_LT(disagreed, alone);
  EXPECT_LT(lop::lop_quality(2.0F, 0.3F, false, 150.0F, std::nullopt), alone);
  EXPECT_LT(lop::lop_quality(0.3F, 0.0F, false, 150.0F, std::nullopt), alone);
}

// The whole search against a synthetic cuff: pressure rises 40 mmHg/s at full pump (less as a
// leak takes its share), the pulse rides on it at `heart_rate`, and the distal sensor's pulse
// (when fitted) is gone at the LOP.
struct SyntheticCuff {
  Envelope envelope;
  double heart_rate = 70.0;
  double leak_mmHg_per_s = 0.0;
  double burst_at_s = 1e9;  // from then on the cuff cannot hold air
  bool distal_sensor = false;
  bool pulse = true;
  double pressure = 0.0;
  double highest = 0.0;
  double t = 0.0;

  LopResult run() {
    LopSearch search;
    search.start(at_seconds(0.0));
    constexpr double kDt = 0.002;
    while (!search.finished() && t < 200.0) {
      const double beat = std::sin(2.0 * std::numbers::pi * heart_rate / 60.0 * t);
      const double sample = pressure + (pulse ? 0.5 * envelope.at(pressure) * beat : 0.0);
      std::optional<float> distal;
      if (distal_sensor) distal = static_cast<float>(pressure < envelope.lop ? 0.5 * (1.0 - pressure / envelope.lop) * beat : 0.0);
      const Actuators a = search.step(at_seconds(t), seconds(kDt), mmHg(sample), distal);
      double rate = a.inflate_valve_open ? 40.0 * double{a.pump_duty} : 0.0;
      if (a.vent_opening > 0.0F || !a.dump_valve_powered) rate = -100.0;
      if (t >= burst_at_s) rate = -50.0 * pressure;
      pressure = std::max(0.0, pressure + (rate - leak_mmHg_per_s) * kDt);
      highest = std::max(highest, pressure);
      t += kDt;
    }
    EXPECT_TRUE(search.finished());
    return *search.result();
  }
};

TEST(LopSearch, FindsAKnownLopWithinThreePercent) {
  for (const auto& [lop, peak_at, hr] : {std::tuple{130.0, 90.0, 60.0}, {180.0, 110.0, 75.0}, {240.0, 120.0, 150.0}}) {
    SCOPED_TRACE(lop);
    SyntheticCuff cuff{.envelope = {.lop = lop, .peak_at = peak_at, .peak = 2.5}, .heart_rate = hr};
    const LopResult r = cuff.run();
    ASSERT_TRUE(r.lop.has_value()) << to_string(r.failure);
    EXPECT_NEAR(r.lop->mmHg(), lop, 0.03 * lop);
    EXPECT_LE(cuff.highest, lop + LopSearch::kMaxOverLop.mmHg());
    EXPECT_LT(cuff.t, 60.0);
    EXPECT_FALSE(r.from_pulse_sensor);
  }
}

TEST(LopSearch, ADistalPulseThatFadesByTheEstimateRaisesTheQuality) {
  SyntheticCuff alone{.envelope = {.lop = 170.0, .peak_at = 105.0, .peak = 2.5}};
  SyntheticCuff confirmed{.envelope = {.lop = 170.0, .peak_at = 105.0, .peak = 2.5}, .distal_sensor = true};
  const LopResult a = alone.run();
  const LopResult c = confirmed.run();
  ASSERT_TRUE(a.lop && c.lop);
  EXPECT_GT(c.quality, a.quality);
}

TEST(LopSearch, RefusesClearlyWhenItCannotMeasure) {
  SyntheticCuff no_pulse{.envelope = {}, .pulse = false};
  EXPECT_EQ(no_pulse.run().failure, LopFailure::no_pulse);
  SyntheticCuff leaking{.envelope = {}, .leak_mmHg_per_s = 45.0};  // the pump cannot outrun the leak
  const LopResult leak = leaking.run();
  EXPECT_EQ(leak.failure, LopFailure::cannot_inflate);
  EXPECT_FALSE(leak.lop.has_value());
  // The cuff loses its air halfway up the ramp: a clear failure within a second, not a number.
  SyntheticCuff burst{.envelope = {}, .burst_at_s = 12.0};
  const LopResult lost = burst.run();
  EXPECT_EQ(lost.failure, LopFailure::cannot_inflate);
  EXPECT_LT(burst.t, 13.5);
  // A pulse still strong far past its peak (the peak near 80 mmHg, as mean arterial pressure is,
  // and the pulse fading only towards 320): no LOP lies there; stop at 2.5 x the peak's pressure.
  SyntheticCuff unfading{.envelope = {.lop = 320.0, .peak_at = 70.0, .peak = 2.5}};
  const LopResult odd = unfading.run();
  EXPECT_EQ(odd.failure, LopFailure::pulse_did_not_fade);
  // The envelope's peak is read at about 95 mmHg (so slow a fall keeps it near the top past the
  // plateau): the search stops by 2.5 x that, far under the 300 mmHg cap.
  EXPECT_LT(unfading.highest, 250.0);
  // A LOP beyond what the device may apply: refused at the cap, never past it.
  SyntheticCuff narrow{.envelope = {.lop = 380.0, .peak_at = 150.0, .peak = 2.5}};
  const LopResult high = narrow.run();
  EXPECT_EQ(high.failure, LopFailure::above_ceiling);
  EXPECT_LE(narrow.highest, limits::kHardCap.mmHg() + 1.0);
}

}  // namespace
}  // namespace bfr::core

#include "store/bench/synthetic_session.hpp"

#include <array>
#include <cmath>
#include <numbers>
#include <random>

#include "store/sample_codec.hpp"

namespace bfr::store {

namespace {

// core::PhaseId values (core/phases.hpp) as the device reports them.
constexpr int kMeasuringLop = 1, kInflating = 2, kHolding = 3, kResting = 4, kDeflating = 6;
constexpr std::int64_t kStepMs = 10;       // 100 Hz telemetry
constexpr double kLopRampMmHgPerS = 5.0;   // the LOP search's ramp (core/lop)
constexpr double kRepS = 2.0;              // 1 s up, 1 s down
constexpr double kSensorNoiseMmHg = 0.15;  // filtered pressure, one sigma
constexpr std::array kRepsPerSet = {30, 15, 15, 15};

class Writer {
 public:
  explicit Writer(const SyntheticSession& s) : s_(s), rng_(s.seed), noise_(0.0, kSensorNoiseMmHg) {}

  void add(double pressure, std::optional<double> setpoint, int phase, int set, int rep, double pulse) {
    Sample x;
    x.t_ms = t_;
    const double beat = std::sin(2 * std::numbers::pi * s_.heart_rate_bpm / 60.0 * static_cast<double>(t_) / 1000.0);
    x.pressure_mmHg = std::max(0.0, pressure + 0.5 * pulse * beat + noise_(rng_));
    x.setpoint_mmHg = setpoint;
    x.target_pct = s_.target_pct;
    x.phase = phase;
    x.set = set;
    x.rep = rep;
    x.pulse_mmHg = pulse;
    x.off_target = setpoint && std::fabs(pressure - *setpoint) > 0.1 * *setpoint;
    out_.push_back(quantised(x));
    t_ += kStepMs;
  }
  [[nodiscard]] double seconds() const { return static_cast<double>(t_) / 1000.0; }
  std::vector<Sample> take() { return std::move(out_); }

 private:
  const SyntheticSession& s_;
  std::mt19937 rng_;
  std::normal_distribution<double> noise_;
  std::int64_t t_ = 0;
  std::vector<Sample> out_;
};

}  // namespace

std::vector<Sample> synthetic_samples(const SyntheticSession& s) {
  Writer w(s);
  // LOP: a ramp to 110 % of LOP; the pulse peaks near mean arterial pressure and fades by LOP.
  for (double p = 30; p < 1.1 * s.lop_mmHg; p += kLopRampMmHgPerS * 0.01) {
    const double x = (p - 0.55 * s.lop_mmHg) / (0.3 * s.lop_mmHg);
    w.add(p, std::nullopt, kMeasuringLop, 0, 0, std::max(0.05, 3.0 * std::exp(-x * x)));
  }
  for (int i = 0; i < 300; ++i) w.add(1.1 * s.lop_mmHg * std::exp(-i / 40.0), std::nullopt, kDeflating, 0, 0, 0.2);
  const double target = s.lop_mmHg * s.target_pct / 100.0;
  for (int i = 0; i < 200; ++i) w.add(target * (1 - std::exp(-i / 30.0)), target, kInflating, 0, 0, 1.0);
  for (int set = 1; set <= s.sets; ++set) {
    const int reps = kRepsPerSet.at(static_cast<std::size_t>((set - 1) % 4));
    const double start = w.seconds();
    for (double in_set = 0; in_set < reps * kRepS; in_set = w.seconds() - start) {
      // The contraction squeezes the cuff; the regulator takes most of it back.
      const double swing = 6.0 * std::sin(std::numbers::pi * std::fmod(in_set, kRepS) / kRepS);
      w.add(target + swing, target, kHolding, set, 1 + static_cast<int>(in_set / kRepS), 1.6);
    }
    const int rest_steps = static_cast<int>(s.rest_s * 100);
    for (int i = 0; i < rest_steps && set < s.sets; ++i) w.add(target, target, kResting, set, 0, 1.8);
  }
  for (int i = 0; i < 300; ++i) w.add(target * std::exp(-i / 40.0), std::nullopt, kDeflating, s.sets, 0, 0.2);
  return w.take();
}

}  // namespace bfr::store

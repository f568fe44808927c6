#include "sim/heart.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace bfr::sim {

namespace {
// Beat-to-beat variability in sinus rhythm at rest: RR standard deviation about 5 % of the mean
// interval (SDNN ~ 50 ms at 60 bpm; Task Force of the ESC and NASPE, Circulation 1996;93:1043)
// and systolic pressure varying by about 3 mmHg from beat to beat (approx.).
constexpr double kSinusRrVariation = 0.05;
constexpr double kSinusSystolicSdMmHg = 3.0;
constexpr double kDiastolicSdMmHg = 1.5;
// Atrial fibrillation: RR intervals irregularly irregular with a coefficient of variation near
// 25 % (Tateno & Glass, Med Biol Eng Comput 2001;39:664), and pulse pressure following the
// preceding interval (Frank-Starling): about 25 % of pulse pressure per unit of relative RR (approx.).
constexpr double kFibrillationRrVariation = 0.25;
constexpr double kFibrillationPulsePressurePerRr = 0.25;
// Respiration modulates arterial pressure by a few mmHg at about 15 breaths per minute (approx.).
// Heart rate follows a change of pace with a time constant of about half a minute in moderate
// exercise, on and off (approx.; e.g. Linnarsson, Acta Physiol Scand Suppl 1974;415).
constexpr double kRateTimeConstantS = 30.0;
constexpr double kRespiratoryAmplitudeMmHg = 2.0;
constexpr double kRespiratoryRateHz = 0.25;

// Pulse contour: a raised-cosine upstroke to the systolic peak at 12 % of the beat, then a
// Windkessel-like exponential decay (time constant 30 % of the beat) with a small dicrotic wave.
constexpr double kPeakPhase = 0.12;
constexpr double kDecayPhase = 0.30;
constexpr double kDicroticPhase = 0.42;
constexpr double kDicroticWidth = 0.05;
constexpr double kDicroticHeight = 0.08;
constexpr std::size_t kContourPoints = 1024;

double contour_exact(double phase) {
  if (phase <= 0.0 || phase >= 1.0) return 0.0;
  if (phase < kPeakPhase) return 0.5 - 0.5 * std::cos(std::numbers::pi * phase / kPeakPhase);
  const double end = std::exp(-(1.0 - kPeakPhase) / kDecayPhase);
  const double decay = (std::exp(-(phase - kPeakPhase) / kDecayPhase) - end) / (1.0 - end);
  const double z = (phase - kDicroticPhase) / kDicroticWidth;
  const double taper = 1.0 - phase;  // the dicrotic wave dies out before the next beat
  return decay + kDicroticHeight * std::exp(-0.5 * z * z) * taper;
}

const std::array<double, kContourPoints + 1>& contour_table() {
  static const auto table = [] {
    std::array<double, kContourPoints + 1> t{};
    for (std::size_t i = 0; i <= kContourPoints; ++i)
      t[i] = contour_exact(static_cast<double>(i) / static_cast<double>(kContourPoints));
    return t;
  }();
  return table;
}
}  // namespace

double Heart::contour(double phase) {
  const auto& t = contour_table();
  const double x = std::clamp(phase, 0.0, 1.0) * static_cast<double>(kContourPoints);
  const auto i = std::min(static_cast<std::size_t>(x), kContourPoints - 1);
  const double f = x - static_cast<double>(i);
  return t[i] + (t[i + 1] - t[i]) * f;
}

double Heart::contour_mean() {
  static const double mean = [] {
    double sum = 0.0;
    constexpr int n = 20000;
    for (int i = 0; i < n; ++i) sum += contour_exact((i + 0.5) / n);
    return sum / n;
  }();
  return mean;
}

Heart::Heart(CirculationSpec spec, Random rng)
    : spec_(spec), rng_(rng), rate_hz_(spec.heart_rate.hertz()), target_hz_(spec.heart_rate.hertz()) {
  rr_ = rr_previous_ = spec.heart_rate.period().seconds();
  beat_diastolic_ = next_diastolic_ = spec.diastolic.mmHg();
  // Start at a random point of the first beat so that people in a population are not in phase.
  next_beat();
  t_in_beat_ = rng_.uniform() * rr_;
  pressure_ = beat_diastolic_;
}

void Heart::next_beat() {
  const double mean_rr = 1.0 / rate_hz_;
  rr_previous_ = rr_;
  const double pulse = spec_.systolic.mmHg() - spec_.diastolic.mmHg();
  beat_diastolic_ = next_diastolic_;
  next_diastolic_ = spec_.diastolic.mmHg() + kDiastolicSdMmHg * rng_.normal();
  if (spec_.rhythm == Rhythm::sinus) {
    rr_ = mean_rr * std::clamp(1.0 + kSinusRrVariation * rng_.normal(), 0.7, 1.3);
    beat_systolic_ = spec_.systolic.mmHg() + kSinusSystolicSdMmHg * rng_.normal();
  } else {
    rr_ = mean_rr * std::clamp(1.0 + kFibrillationRrVariation * rng_.normal(), 0.4, 2.0);
    const double filling = kFibrillationPulsePressurePerRr * (rr_previous_ / mean_rr - 1.0);
    beat_systolic_ = spec_.diastolic.mmHg() + pulse * std::clamp(1.0 + filling, 0.5, 1.4) +
                     kSinusSystolicSdMmHg * rng_.normal();
  }
  ++beats_;
}

units::Pressure Heart::step(units::Duration dt) {
  t_in_beat_ += dt.seconds();
  t_total_ += dt.seconds();
  rate_hz_ += (target_hz_ - rate_hz_) * std::min(dt.seconds() / kRateTimeConstantS, 1.0);
  while (t_in_beat_ >= rr_) {
    t_in_beat_ -= rr_;
    next_beat();
  }
  const double phase = t_in_beat_ / rr_;
  const double baseline = beat_diastolic_ + (next_diastolic_ - beat_diastolic_) * phase;
  const double respiration = kRespiratoryAmplitudeMmHg * std::sin(2.0 * std::numbers::pi * kRespiratoryRateHz * t_total_);
  pressure_ = baseline + (beat_systolic_ - beat_diastolic_) * contour(phase) + respiration;
  return units::mmHg(pressure_);
}

}  // namespace bfr::sim

#include "core/lop/pulse_envelope.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

namespace bfr::core::lop {

namespace {
float median3(float a, float b, float c) { return std::max(std::min(a, b), std::min(std::max(a, b), c)); }

constexpr int kMinFitPoints = 5;
constexpr float kFitTrustMmHg = 20.0F;
constexpr float kFitBandLow = 0.5F;
constexpr float kFitBandHigh = 2.0F;

// Least-squares line y = a + b x.
struct Line {
  float a = 0.0F, b = 0.0F;
  int n = 0;
};
Line fit_line(std::span<const float> xs, std::span<const float> ys) {
  Line l;
  l.n = static_cast<int>(xs.size());
  if (xs.size() < 2) return l;
  float mx = 0, my = 0;
  for (std::size_t i = 0; i < xs.size(); ++i) mx += xs[i], my += ys[i];
  mx /= static_cast<float>(xs.size());
  my /= static_cast<float>(xs.size());
  float sxx = 0, sxy = 0;
  for (std::size_t i = 0; i < xs.size(); ++i) {
    const float dx = xs[i] - mx;
    sxx += dx * dx;
    sxy += dx * (ys[i] - my);
  }
  if (sxx <= 0.0F) return l;
  l.b = sxy / sxx;
  l.a = my - l.b * mx;
  return l;
}
}  // namespace

float WindowLog::envelope(std::size_t i, Member m) const {
  constexpr std::size_t kStride = kBlocksPerWindow;
  const std::size_t lo = i >= kStride ? i - kStride : i;
  const std::size_t hi = i + kStride < n_ ? i + kStride : i;
  return median3(windows_[lo].*m, windows_[i].*m, windows_[hi].*m);
}

std::span<const float> WindowLog::latest_pulses(std::span<float> out) const {
  const std::size_t have = std::min(n_, out.size());
  for (std::size_t i = 0; i < have; ++i) out[i] = windows_[n_ - 1 - i].cuff_pulse;
  return out.first(have);
}

EnvelopePeak WindowLog::cuff_peak() const {
  std::array<float, kPeakSupport> top{};
  for (std::size_t i = 0; i < n_; ++i) {
    float c = envelope(i, &Window::cuff_pulse);
    for (auto& t : top)
      if (c > t) std::swap(c, t);
  }
  EnvelopePeak peak{top.back(), n_ ? windows_[0].pressure : 0.0F};
  for (std::size_t i = 0; i < n_; ++i)
    if (envelope(i, &Window::cuff_pulse) >= peak.value) peak.pressure = windows_[i].pressure;
  return peak;
}

float WindowLog::distal_peak() const {
  float peak = 0.0F;
  for (std::size_t i = 0; i < n_; ++i) peak = std::max(peak, envelope(i, &Window::distal_pulse));
  return peak;
}

bool WindowLog::disturbed(std::size_t i) const {
  return windows_[i].cuff_pulse > kDisturbedFactor * envelope(i, &Window::cuff_pulse);
}

float WindowLog::disturbed_share() const {
  if (n_ == 0) return 0.0F;
  int count = 0;
  for (std::size_t i = 0; i < n_; ++i) count += disturbed(i) ? 1 : 0;
  return static_cast<float>(count) / static_cast<float>(n_);
}

void CrossingFinder::add(float pressure, float value) {
  if (!found()) {
    if (pressure > after_ && value < threshold_) {
      if (below_ == 0) {
        const float f = prev_value_ > value ? (prev_value_ - threshold_) / (prev_value_ - value) : 1.0F;
        crossing_ = prev_pressure_ + std::clamp(f, 0.0F, 1.0F) * (pressure - prev_pressure_);
      }
      ++below_;
    } else {
      below_ = 0;
    }
  }
  prev_value_ = value;
  prev_pressure_ = pressure;
}

float refine_by_decay_fit(const WindowLog& log, float after_pressure, float threshold, float coarse) {
  std::array<float, kMaxWindows> xs{}, ys{};
  std::size_t n = 0;
  for (std::size_t i = 0; i < log.size(); ++i) {
    const Window& w = log[i];
    if (!log.disturbed(i) && w.pressure > after_pressure && w.cuff_pulse < kFitBandHigh * threshold &&
        w.cuff_pulse > kFitBandLow * threshold) {
      xs[n] = w.pressure;
      ys[n] = std::log(w.cuff_pulse);
      ++n;
    }
  }
  const Line l = fit_line(std::span<const float>(xs).first(n), std::span<const float>(ys).first(n));
  if (l.n < kMinFitPoints || l.b >= 0.0F) return coarse;
  const float fitted = (std::log(threshold) - l.a) / l.b;
  return std::abs(fitted - coarse) < kFitTrustMmHg ? fitted : coarse;
}

}  // namespace bfr::core::lop

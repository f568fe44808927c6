#include "core/lop/block_buffer.hpp"

#include <algorithm>

namespace bfr::core::lop {

void BlockBuffer::add_cuff(float t, float pressure) {
  sum_ += pressure;
  ++n_;
  if (t + 1e-4F < next_point_t_ || open_.n_points >= kPointsPerBlock) return;
  open_.points[open_.n_points++] = {t, pressure};
  next_point_t_ = t + kPointSpacingS;
}

void BlockBuffer::add_distal(float value) {
  if (!open_has_distal_) open_.distal_min = open_.distal_max = value, open_has_distal_ = true;
  open_.distal_min = std::min(open_.distal_min, value);
  open_.distal_max = std::max(open_.distal_max, value);
}

const Block& BlockBuffer::close(float fallback_pressure) {
  open_.mean_pressure = n_ ? sum_ / static_cast<float>(n_) : fallback_pressure;
  std::rotate(closed_.begin(), closed_.begin() + 1, closed_.end());
  closed_.back() = open_;
  ++closed_count_;
  // Movement is judged as soon as the block closes, against the trend of the blocks before it:
  // a trend over more than a beat, so that a jolt cannot hide in it.
  const auto so_far = recent();
  closed_.back().swing = swing_about_trend(so_far, so_far.last(1));
  // The open block keeps its distal extremes when no sample comes: an empty block repeats the last.
  open_.n_points = 0;
  n_ = 0;
  sum_ = 0.0F;
  open_has_distal_ = false;
  return closed_.back();
}

std::span<const Block> BlockBuffer::recent() const {
  const std::size_t have = std::min(closed_count_, kHistoryBlocks);
  return std::span(closed_).last(have);
}

Window BlockBuffer::window() const {
  const auto blocks = std::span(closed_).last(kBlocksPerWindow);
  Window w{0.0F, swing_about_trend(blocks, blocks), 0.0F};
  float dlo = blocks[0].distal_min, dhi = blocks[0].distal_max, sum = 0.0F;
  for (const Block& b : blocks) {
    dlo = std::min(dlo, b.distal_min), dhi = std::max(dhi, b.distal_max);
    sum += b.mean_pressure;
  }
  w.distal_pulse = dhi - dlo;
  w.pressure = sum / static_cast<float>(kBlocksPerWindow);
  return w;
}

namespace {
// Least-squares parabola y = c0 + c1 u + c2 u^2 through points whose times are mapped to u in
// about [-1, 1] (centred and scaled, so single precision is enough on a Cortex-M4F).
struct Parabola {
  float centre = 0.0F, scale = 1.0F;
  std::array<float, 3> c{};
  [[nodiscard]] float at(float t) const {
    const float u = (t - centre) / scale;
    return c[0] + u * (c[1] + u * c[2]);
  }
};

template <class Each>
Parabola fit_parabola(Each each_point) {
  float t_min = 0.0F, t_max = 0.0F;
  bool first = true;
  each_point([&](const Point& x) {
    t_min = first ? x.t : std::min(t_min, x.t), t_max = first ? x.t : std::max(t_max, x.t), first = false;
  });
  Parabola f;
  f.centre = 0.5F * (t_min + t_max);
  f.scale = std::max(0.5F * (t_max - t_min), 1e-3F);
  // Normal equations: moments of u (s[k] = sum u^k) and of y (m[k] = sum y u^k).
  std::array<float, 5> s{};
  std::array<float, 3> m{};
  each_point([&](const Point& x) {
    const float u = (x.t - f.centre) / f.scale;
    float power = 1.0F;
    for (std::size_t k = 0; k < s.size(); ++k) {
      s[k] += power;
      if (k < m.size()) m[k] += power * x.pressure;
      power *= u;
    }
  });
  // Gaussian elimination on [s0 s1 s2 | m0; s1 s2 s3 | m1; s2 s3 s4 | m2].
  std::array<std::array<float, 4>, 3> a{{{s[0], s[1], s[2], m[0]}, {s[1], s[2], s[3], m[1]}, {s[2], s[3], s[4], m[2]}}};
  for (std::size_t i = 0; i < 3; ++i) {
    if (a[i][i] <= 0.0F) return f;  // too few distinct times: leave it flat at zero
    for (std::size_t j = i + 1; j < 3; ++j) {
      const float factor = a[j][i] / a[i][i];
      for (std::size_t k = i; k < 4; ++k) a[j][k] -= factor * a[i][k];
    }
  }
  for (std::size_t i = 3; i-- > 0;) {
    float v = a[i][3];
    for (std::size_t k = i + 1; k < 3; ++k) v -= a[i][k] * f.c[k];
    f.c[i] = v / a[i][i];
  }
  return f;
}
}  // namespace

float swing_about_trend(std::span<const Block> blocks, std::span<const Block> measured) {
  std::size_t n = 0;
  for (const Block& b : blocks) n += b.n_points;
  if (n < kMinTrendPoints) return 0.0F;
  const Parabola trend = fit_parabola([&](auto&& visit) {
    for (const Block& b : blocks)
      for (const Point& x : b.samples()) visit(x);
  });
  float lo = 0.0F, hi = 0.0F;
  bool first = true;
  for (const Block& b : measured)
    for (const Point& x : b.samples()) {
      const float r = x.pressure - trend.at(x.t);
      lo = first ? r : std::min(lo, r), hi = first ? r : std::max(hi, r), first = false;
    }
  return hi - lo;
}

}  // namespace bfr::core::lop

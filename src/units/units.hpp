#pragma once
// The physical quantities OpenBFR works in, their canonical units and the only conversions
// between units in the project. See docs/units.md for the reasoning.

#include "units/quantity.hpp"

namespace bfr::units {

// Conversion factors. 1 mmHg = 133.322387415 Pa exactly by definition (BIPM SI Brochure,
// 9th ed., table 8: 1 mmHg = 13.5951 * 9.80665 Pa).
inline constexpr double kPascalPerMmHg = 133.322387415;
inline constexpr double kMillilitrePerCubicMetre = 1.0e6;

// ---- Pressure: canonical mmHg (gauge unless a name says absolute). ----
class Pressure : public Quantity<Pressure> {
 public:
  [[nodiscard]] constexpr double mmHg() const { return raw(); }
  [[nodiscard]] constexpr double kPa() const { return raw() * kPascalPerMmHg / 1000.0; }
  [[nodiscard]] constexpr double pascal() const { return raw() * kPascalPerMmHg; }
};
constexpr Pressure mmHg(double v) { return Pressure::from_raw(v); }
constexpr Pressure kPa(double v) { return Pressure::from_raw(v * 1000.0 / kPascalPerMmHg); }
constexpr Pressure pascal(double v) { return Pressure::from_raw(v / kPascalPerMmHg); }

// ---- Volume: canonical millilitres. ----
class Volume : public Quantity<Volume> {
 public:
  [[nodiscard]] constexpr double mL() const { return raw(); }
  [[nodiscard]] constexpr double litres() const { return raw() / 1000.0; }
  [[nodiscard]] constexpr double cubic_metres() const { return raw() / kMillilitrePerCubicMetre; }
};
constexpr Volume mL(double v) { return Volume::from_raw(v); }
constexpr Volume litres(double v) { return Volume::from_raw(v * 1000.0); }

// ---- Duration: canonical seconds. ----
class Duration : public Quantity<Duration> {
 public:
  [[nodiscard]] constexpr double seconds() const { return raw(); }
  [[nodiscard]] constexpr double milliseconds() const { return raw() * 1000.0; }
  [[nodiscard]] constexpr double minutes() const { return raw() / 60.0; }
};
constexpr Duration seconds(double v) { return Duration::from_raw(v); }
constexpr Duration milliseconds(double v) { return Duration::from_raw(v / 1000.0); }
constexpr Duration minutes(double v) { return Duration::from_raw(v * 60.0); }

// ---- Instant: a point in time, seconds since the start of a run. Not a Duration: adding two
// instants is meaningless and does not compile. ----
class Instant {
 public:
  constexpr Instant() = default;
  static constexpr Instant from_start(Duration since_start) { return Instant(since_start); }
  [[nodiscard]] constexpr Duration since_start() const { return t_; }
  [[nodiscard]] constexpr double seconds() const { return t_.seconds(); }
  friend constexpr Instant operator+(Instant a, Duration d) { return Instant(a.t_ + d); }
  friend constexpr Instant operator-(Instant a, Duration d) { return Instant(a.t_ - d); }
  friend constexpr Duration operator-(Instant a, Instant b) { return a.t_ - b.t_; }
  constexpr Instant& operator+=(Duration d) {
    t_ += d;
    return *this;
  }
  friend constexpr auto operator<=>(Instant a, Instant b) = default;

 private:
  constexpr explicit Instant(Duration t) : t_(t) {}
  Duration t_{};
};
constexpr Instant at_seconds(double s) { return Instant::from_start(seconds(s)); }

// ---- Frequency: canonical hertz. ----
class Frequency : public Quantity<Frequency> {
 public:
  [[nodiscard]] constexpr double hertz() const { return raw(); }
  [[nodiscard]] constexpr double per_minute() const { return raw() * 60.0; }
  [[nodiscard]] constexpr Duration period() const { return seconds(1.0 / raw()); }
};
constexpr Frequency hertz(double v) { return Frequency::from_raw(v); }
constexpr Frequency per_minute(double v) { return Frequency::from_raw(v / 60.0); }
constexpr double operator*(Frequency f, Duration d) { return f.hertz() * d.seconds(); }
constexpr double operator*(Duration d, Frequency f) { return f.hertz() * d.seconds(); }

// ---- Length: canonical centimetres (limb circumferences and cuff widths are quoted in cm). ----
class Length : public Quantity<Length> {
 public:
  [[nodiscard]] constexpr double cm() const { return raw(); }
  [[nodiscard]] constexpr double mm() const { return raw() * 10.0; }
  [[nodiscard]] constexpr double metres() const { return raw() / 100.0; }
};
constexpr Length cm(double v) { return Length::from_raw(v); }
constexpr Length mm(double v) { return Length::from_raw(v / 10.0); }
constexpr Length metres(double v) { return Length::from_raw(v * 100.0); }

// ---- Volumetric flow: canonical mL/s. For air, the sim counts standard millilitres (the volume
// the air would have at atmospheric pressure), so flows conserve the amount of gas. ----
class Flow : public Quantity<Flow> {
 public:
  [[nodiscard]] constexpr double mL_per_s() const { return raw(); }
  [[nodiscard]] constexpr double litres_per_minute() const { return raw() * 60.0 / 1000.0; }
};
constexpr Flow mL_per_s(double v) { return Flow::from_raw(v); }
constexpr Flow litres_per_minute(double v) { return Flow::from_raw(v * 1000.0 / 60.0); }
constexpr Flow operator/(Volume v, Duration d) { return mL_per_s(v.mL() / d.seconds()); }
constexpr Volume operator*(Flow f, Duration d) { return mL(f.mL_per_s() * d.seconds()); }
constexpr Volume operator*(Duration d, Flow f) { return f * d; }

// ---- Rate of pressure change: canonical mmHg/s. ----
class PressureRate : public Quantity<PressureRate> {
 public:
  [[nodiscard]] constexpr double mmHg_per_s() const { return raw(); }
};
constexpr PressureRate mmHg_per_s(double v) { return PressureRate::from_raw(v); }
constexpr PressureRate operator/(Pressure p, Duration d) { return mmHg_per_s(p.mmHg() / d.seconds()); }
constexpr Pressure operator*(PressureRate r, Duration d) { return mmHg(r.mmHg_per_s() * d.seconds()); }
constexpr Pressure operator*(Duration d, PressureRate r) { return r * d; }

// ---- Percent: canonical fraction (0.8 == 80 %). Used for %LOP, %1RM and flow fractions. ----
class Percent : public Quantity<Percent> {
 public:
  [[nodiscard]] constexpr double fraction() const { return raw(); }
  [[nodiscard]] constexpr double percent() const { return raw() * 100.0; }
};
constexpr Percent percent(double v) { return Percent::from_raw(v / 100.0); }
constexpr Percent fraction(double v) { return Percent::from_raw(v); }
constexpr Pressure operator*(Percent p, Pressure x) { return x * p.fraction(); }
constexpr Pressure operator*(Pressure x, Percent p) { return x * p.fraction(); }
// What fraction of `whole` is `part`: the %LOP of a cuff pressure, for example.
constexpr Percent fraction_of(Pressure part, Pressure whole) { return fraction(part / whole); }

namespace literals {
constexpr Pressure operator""_mmHg(long double v) { return mmHg(static_cast<double>(v)); }
constexpr Pressure operator""_mmHg(unsigned long long v) { return mmHg(static_cast<double>(v)); }
constexpr Pressure operator""_kPa(long double v) { return kPa(static_cast<double>(v)); }
constexpr Volume operator""_mL(long double v) { return mL(static_cast<double>(v)); }
constexpr Volume operator""_mL(unsigned long long v) { return mL(static_cast<double>(v)); }
constexpr Duration operator""_s(long double v) { return seconds(static_cast<double>(v)); }
constexpr Duration operator""_s(unsigned long long v) { return seconds(static_cast<double>(v)); }
constexpr Duration operator""_ms(unsigned long long v) { return milliseconds(static_cast<double>(v)); }
constexpr Length operator""_cm(long double v) { return cm(static_cast<double>(v)); }
constexpr Length operator""_cm(unsigned long long v) { return cm(static_cast<double>(v)); }
constexpr Frequency operator""_Hz(unsigned long long v) { return hertz(static_cast<double>(v)); }
constexpr Percent operator""_pct(long double v) { return percent(static_cast<double>(v)); }
constexpr Percent operator""_pct(unsigned long long v) { return percent(static_cast<double>(v)); }
}  // namespace literals

}  // namespace bfr::units

#pragma once
// The arterial pressure at the brachial artery, beat by beat: a fixed pulse contour scaled
// between each beat's diastolic and systolic pressure, with beat-to-beat variability in sinus
// rhythm and the irregularly irregular intervals of atrial fibrillation.

#include <array>

#include "sim/random.hpp"
#include "units/units.hpp"

namespace bfr::sim {

enum class Rhythm { sinus, atrial_fibrillation };

struct CirculationSpec {
  units::Pressure systolic = units::mmHg(120.0);   // brachial, seated at rest
  units::Pressure diastolic = units::mmHg(75.0);
  units::Frequency heart_rate = units::per_minute(65.0);
  Rhythm rhythm = Rhythm::sinus;
};

class Heart {
 public:
  Heart(CirculationSpec spec, Random rng);

  // Advances by dt and returns the brachial arterial pressure.
  units::Pressure step(units::Duration dt);

  [[nodiscard]] units::Pressure pressure() const { return units::mmHg(pressure_); }
  [[nodiscard]] const CirculationSpec& spec() const { return spec_; }
  // The mean of the pulse contour (MAP = DBP + contour_mean * (SBP - DBP)); about 1/3, the
  // textbook rule for the brachial artery.
  [[nodiscard]] static double contour_mean();
  [[nodiscard]] static double contour(double phase);  // 0 at end-diastole, 1 at the systolic peak
  [[nodiscard]] int beats() const { return beats_; }
  // Exercise starts or ends: the rate moves toward `rate` over tens of seconds, beat by beat.
  void set_rate_target(units::Frequency rate) { target_hz_ = rate.hertz(); }
  [[nodiscard]] units::Frequency rate() const { return units::hertz(rate_hz_); }

 private:
  void next_beat();

  CirculationSpec spec_;
  Random rng_;
  double t_in_beat_ = 0.0;
  double rr_ = 1.0;
  double rr_previous_ = 1.0;
  double beat_systolic_ = 120.0;
  double beat_diastolic_ = 75.0;
  double next_diastolic_ = 75.0;
  double t_total_ = 0.0;
  double pressure_ = 75.0;
  int beats_ = 0;
  double rate_hz_ = 1.0;
  double target_hz_ = 1.0;
};

}  // namespace bfr::sim

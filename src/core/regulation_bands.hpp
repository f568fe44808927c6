#pragma once
// The bands by which holding a target is judged: the figures of the Swain et al. 2025 analysis
// of commercial BFR devices (published-data.md section 3). The regulation benchmark (rig), the
// session display, the session's figures, the server's charts and the reports all use these, so
// they live here, where every one of those layers may include them. They judge regulation; they
// are not device limits (those are in core/limits.hpp).

namespace bfr::core {

// During repetitions: setpoint +-10 %, the band a clinician watches during exercise.
inline constexpr double kExerciseBand = 0.10;
// Between sets: setpoint +-5 %.
inline constexpr double kRestBand = 0.05;

}  // namespace bfr::core

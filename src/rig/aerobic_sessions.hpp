#pragma once
// The people and paces of `bench aerobic` (issue 14), shared by its one-cuff and two-cuff forms:
// 10 minutes of treadmill walking at 3-6 km/h (standing) or cycling at 50-100 rpm (seated) at a
// prescribed %LOP, the heart rate climbing from 50-100 to 100-180 /min.

#include <cstdint>

#include "sim/rhythmic_exercise.hpp"
#include "sim/scenario.hpp"

namespace bfr::rig {

// One envelope person's thigh through one activity; ours, told nothing (oracle) until a bench
// says otherwise.
sim::Scenario aerobic_session(std::uint64_t seed, std::uint64_t index, sim::Activity activity, double pct_lop);

}  // namespace bfr::rig

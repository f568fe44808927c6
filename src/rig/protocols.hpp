#pragma once
// Standard exercise protocols as scenarios, shared by the calibration and the benchmarks.

#include <string>

#include "sim/scenario.hpp"

namespace bfr::rig {

// Swain et al. 2025 (published-data.md section 3): unilateral leg press with bands, seated,
// 11.5 cm thigh cuff, 30-15-15-15 repetitions with 30 s rests, target 80 % LOP, logged at 100 Hz.
// Repetitions of 1 s up and 1 s down (the paper's tempo is not in our reference: assumed).
sim::Scenario swain2025_leg_press(const sim::Person& person, const std::string& strategy, std::uint64_t seed);

// The same protocol for the arm: seated biceps curl, 5 cm cuff, 50 % LOP.
sim::Scenario swain2025_arm_variant(const sim::Person& person, const std::string& strategy, std::uint64_t seed);

// The same scenario end to end: the device measures LOP itself first, and the exercise starts
// kLopAllowance later, time enough for the search (at most 170 s) and the inflation.
inline constexpr units::Duration kLopAllowance = units::seconds(180.0);
sim::Scenario measuring_lop_first(sim::Scenario s);

}  // namespace bfr::rig

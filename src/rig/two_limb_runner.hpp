#pragma once
// Runs two cuffs on one person (issue 14): a TwoLimbPlant and a two-channel strategy stepped in
// lockstep, each limb scored as the one-cuff runner scores its limb (RunSummary per limb).

#include <array>
#include <string>

#include "rig/runner.hpp"
#include "rig/two_channel_strategy.hpp"
#include "sim/two_limb_plant.hpp"

namespace bfr::rig {

struct TwoLimbScenario {
  std::string name;
  sim::TwoLimbSpec plant;  // each side's exercise is the person's movement
  units::Percent target = units::percent(80.0);
  units::Duration duration = units::seconds(60.0);
  units::Frequency record_rate = units::hertz(100.0);
};

// Where each channel's LOP comes from: measured by ours, told (baselines), or the oracle.
struct TwoLimbLop {
  bool measure = false;
  std::array<std::optional<units::Pressure>, 2> told{};  // empty and not measured: the true LOP
};

std::array<RunSummary, 2> run_two_limbs(const TwoLimbScenario& scenario, const std::string& strategy, const TwoLimbLop& lop);

}  // namespace bfr::rig

#pragma once
// What the calibration targets share: the plant of one person with one cuff, and one rule for
// every target that compares a simulated cohort's mean and SD with a published mean and SD
// (calibration.cpp has the tolerance and why).

#include <string>

#include "rig/calibration.hpp"
#include "rig/statistics.hpp"
#include "sim/plant.hpp"

namespace bfr::rig {

struct PublishedMeanSd {
  double mean;
  double sd;
  int n;
};

sim::PlantSpec calibration_setup(const sim::Person& person, sim::LimbKind limb, double width_cm, sim::Posture posture);

CalibrationResult compare_mean_sd(std::string id, std::string section, std::string description, std::string source,
                                  const RunningStats& simulated, PublishedMeanSd published, bool fitted);

}  // namespace bfr::rig

#pragma once
// Human-readable output of simulator results.

#include <string>

#include "rig/runner.hpp"

namespace bfr::cli {

inline constexpr const char* kSimulatedBanner =
    "SIMULATED on the OpenBFR virtual cuff: not a measurement of a person. Not medical advice.";

void print_run_summary(const rig::RunSummary& s, const std::string& trace_path);

}  // namespace bfr::cli

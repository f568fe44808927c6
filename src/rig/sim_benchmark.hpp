#pragma once
// How fast the simulator runs: simulated seconds per wall-clock second for one cuff at a 1 ms
// physics step. The full plant is measured beside a baseline of the pneumatics alone, in the
// same run, so a regression shows where it is.

#include <functional>
#include <string>
#include <vector>

namespace bfr::rig {

struct SimSpeed {
  std::string name;
  double simulated_seconds = 0.0;
  double wall_seconds = 0.0;  // median of the repeats
  std::size_t steps = 0;
  [[nodiscard]] double real_time_factor() const { return simulated_seconds / wall_seconds; }
  [[nodiscard]] double ns_per_step() const { return wall_seconds * 1e9 / static_cast<double>(steps); }
};

struct SimBenchmarkOptions {
  double simulated_seconds = 300.0;
  int repeats = 5;
  std::function<void(const std::string&)> progress;
};

// The target of issue 3: at least 1000 times real time on one core.
inline constexpr double kRequiredRealTimeFactor = 1000.0;

std::vector<SimSpeed> run_sim_benchmark(const SimBenchmarkOptions& options = {});

}  // namespace bfr::rig

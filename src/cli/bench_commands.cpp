// `bfr bench ...`: benchmarks that print numbers (and JSON with --json). Each states its target
// and whether it was met.

#include <fmt/format.h>

#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/sim_text.hpp"
#include "rig/sim_benchmark.hpp"

namespace bfr::cli {

namespace {
struct BenchSimOptions {
  bool json = false;
  double seconds = 300.0;
  int repeats = 5;
};

void bench_sim(const BenchSimOptions& o) {
  rig::SimBenchmarkOptions options;
  options.simulated_seconds = o.seconds;
  options.repeats = o.repeats;
  options.progress = [](const std::string& m) { fmt::print(stderr, "bench sim: {}\n", m); };
  const auto results = rig::run_sim_benchmark(options);
  const auto& full = results.front();
  const bool met = full.real_time_factor() >= rig::kRequiredRealTimeFactor;
  if (o.json) {
    nlohmann::json j = {{"benchmark", "sim"},
                        {"physics_step_ms", 1.0},
                        {"target_real_time_factor", rig::kRequiredRealTimeFactor},
                        {"target_met", met},
                        {"runs", nlohmann::json::array()}};
    for (const auto& r : results)
      j["runs"].push_back({{"name", r.name},
                           {"simulated_seconds", r.simulated_seconds},
                           {"wall_seconds_median", r.wall_seconds},
                           {"steps", r.steps},
                           {"real_time_factor", r.real_time_factor()},
                           {"ns_per_step", r.ns_per_step()}});
    std::cout << j.dump(2) << "\n";
  } else {
    fmt::print("Simulator speed, one cuff, 1 ms physics step, one core (median of {} runs)\n\n", o.repeats);
    for (const auto& r : results)
      fmt::print("{:<72} {:8.0f} x real time  {:7.1f} ns/step\n", r.name, r.real_time_factor(), r.ns_per_step());
    fmt::print("\ntarget: at least {:.0f} x real time for the full plant: {}\n", rig::kRequiredRealTimeFactor,
               met ? "MET" : "NOT MET");
  }
  if (!met) set_exit_code(kExitFailedCheck);
}
}  // namespace

void add_bench_commands(CLI::App& app) {
  auto* bench = app.add_subcommand("bench", "Benchmarks: each prints its numbers, its target and whether it was met");
  bench->require_subcommand(1);
  auto opts = std::make_shared<BenchSimOptions>();
  auto* sim = bench->add_subcommand("sim", "Simulated seconds per wall-clock second for one cuff at a 1 ms step");
  sim->add_flag("--json", opts->json, "Print the results as JSON");
  sim->add_option("--seconds", opts->seconds, "Simulated seconds per run")->check(CLI::Range(1.0, 36000.0));
  sim->add_option("--repeats", opts->repeats, "Runs per measurement; the median is reported")->check(CLI::Range(1, 100));
  sim->callback([opts] { bench_sim(*opts); });
}

}  // namespace bfr::cli

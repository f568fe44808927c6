// `bfr bench ...`: benchmarks that print numbers (and JSON with --json). Each states its target
// and whether it was met.

#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <optional>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/guarded.hpp"
#include "cli/sim_text.hpp"
#include "rig/controller_benchmarks.hpp"
#include "rig/sim_benchmark.hpp"
#include "server/bench/attack_benchmark.hpp"
#include "server/bench/load_benchmark.hpp"
#include "cli/bench_year.hpp"
#include "store/bench/ingest_benchmark.hpp"
#include "store/bench/size_benchmark.hpp"

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

struct ControllerBenchOptions {
  bool json = false;
  std::string seed_set = "evaluation";
  std::optional<std::uint64_t> seed;
  std::string save;  // also write the JSON here
  int limbs = 1;     // bench regulation: one cuff, or both thighs at once
  rig::BenchOptions bench;
};

void print_regulation(const nlohmann::json& j) {
  fmt::print("{}\n\nRegulation (simulated), {}\n", kSimulatedBanner, j["seeds"].get<std::string>());
  for (const auto& [k, v] : j["modes"].items()) fmt::print("  {}: {}\n", k, v.get<std::string>());
  fmt::print("  not covered: {}\n", j["not_covered"].get<std::string>());
  std::string population;
  for (const auto& r : j["rows"]) {
    if (r["population"] != population) {
      population = r["population"].get<std::string>();
      fmt::print("\n{}: {}\n", population, j["populations"][population].get<std::string>());
      fmt::print("{:<10} {:<11} {:<9} {:>16} {:>16} {:>13} {:>13} {:>9} {:>7} {:>6}\n", "pump", "LOP", "strategy",
                 "exercise mean", "exercise worst", "rest mean", "peak %LOP", "highest", "faults", "no LOP");
    }
    fmt::print("{:<10} {:<11} {:<9} {:>15.1f}% {:>15.1f}% {:>12.1f}% {:>7.1f} +-{:>3.1f} {:>9.1f} {:>7} {:>6}\n",
               r["pump"].get<std::string>(), r["mode"].get<std::string>(), r["strategy"].get<std::string>(),
               r["exercise_within_10pct"]["mean"].get<double>(), r["exercise_within_10pct"]["worst"].get<double>(),
               r["rest_within_5pct"]["mean"].get<double>(), r["peak_pct_lop"]["mean"].get<double>(),
               r["peak_pct_lop"]["sd"].get<double>(), r["highest_pct_lop_during_exercise"].get<double>(),
               r["sessions_with_a_false_fault"].get<int>(), r["sessions_without_lop"].get<int>());
  }
  fmt::print("\npublished (leg, 80 % LOP, exercise / rest in band): Delfi 95 % / 99 %, peak 89 valley 72; Saga 25 / 0, "
             "79 / 58; SmartCuffs 26 / 0, 79 / 61; Suji 34 / 0, 90 / 65\n");
  fmt::print("targets (ours, end to end, datasheet pump):\n");
  for (const auto& [pop, targets] : j["targets"].items())
    for (const auto& [k, v] : targets.items()) fmt::print("  {:<14} {:<40} {}\n", pop, k, v.get<bool>() ? "MET" : "NOT MET");
}

void print_regulation_two_limbs(const nlohmann::json& j) {
  fmt::print("{}\n\nRegulation of two cuffs at once (simulated), {}\n{}\n", kSimulatedBanner, j["seeds"].get<std::string>(),
             j["design"].get<std::string>());
  for (const auto& [k, v] : j["pumps"].items()) fmt::print("  {}: {}\n", k, v.get<std::string>());
  for (const auto& [k, v] : j["modes"].items()) fmt::print("  {}: {}\n", k, v.get<std::string>());
  std::string movement;
  for (const auto& r : j["rows"]) {
    if (r["movement"] != movement) {
      movement = r["movement"].get<std::string>();
      fmt::print("\n{}: {}\n", movement, j["movements"][movement].get<std::string>());
      fmt::print("{:<16} {:<11} {:<9} {:>14} {:>16} {:>10} {:>13} {:>8} {:>7} {:>6}\n", "pumps", "LOP", "strategy", "exercise mean",
                 "exercise worst", "rest mean", "peak %LOP", "highest", "faults", "no LOP");
    }
    fmt::print("{:<16} {:<11} {:<9} {:>13.1f}% {:>15.1f}% {:>9.1f}% {:>7.1f} +-{:>3.1f} {:>8.1f} {:>7} {:>6}\n",
               r["pumps"].get<std::string>(), r["mode"].get<std::string>(), r["strategy"].get<std::string>(),
               r["exercise_within_10pct"]["mean"].get<double>(), r["exercise_within_10pct"]["worst"].get<double>(),
               r["rest_within_5pct"]["mean"].get<double>(), r["peak_pct_lop"]["mean"].get<double>(),
               r["peak_pct_lop"]["sd"].get<double>(), r["highest_pct_lop_during_exercise"].get<double>(),
               r["sessions_with_a_false_fault"].get<int>(), r["sessions_without_lop"].get<int>());
  }
  fmt::print("\nlimbs, not people: each row's mean is over limbs, its worst the worst limb\n");
  fmt::print("targets (ours, end to end, shared datasheet pump):\n");
  for (const auto& [movement_name, targets] : j["targets"].items())
    for (const auto& [k, v] : targets.items()) fmt::print("  {:<24} {:<46} {}\n", movement_name, k, v.get<bool>() ? "MET" : "NOT MET");
}

void print_faults_two_limbs(const nlohmann::json& j) {
  fmt::print("{}\n\nFaults on two cuffs at once (simulated), {}\n{}\n\n", kSimulatedBanner, j["seeds"].get<std::string>(),
             j["design"].get<std::string>());
  fmt::print("{:<16} {:<28} {:<11} {:<6} {:>8} {:<20} {:<6} {:>9} {:>11} {:>7}\n", "pumps", "fault", "phase", "on", "detected", "as",
             "by", "detect s", "both<20 s", "peak");
  const auto num = [](const nlohmann::json& v) { return v.is_null() ? std::string("-") : fmt::format("{:.2f}", v.get<double>()); };
  for (const auto& r : j["rows"])
    fmt::print("{:<16} {:<28} {:<11} {:<6} {:>8} {:<20} {:<6} {:>9} {:>11} {:>7.1f}\n", r["pumps"].get<std::string>(),
               r["fault"].get<std::string>(), r["phase"].get<std::string>(), r["channel"].get<std::string>(),
               r["detected"].get<bool>() ? "yes" : r["handled_by_hardware"].get<bool>() ? "hardware" : "NO",
               r["fault_id"].is_null() ? "-" : r["fault_id"].get<std::string>(),
               r["raised_by"].is_null() ? "-" : r["raised_by"].get<std::string>(), num(r["seconds_to_detect"]),
               num(r["seconds_detection_to_both_below_20mmHg"].is_null() ? r["seconds_injection_to_both_below_20mmHg"]
                                                                          : r["seconds_detection_to_both_below_20mmHg"]),
               r["peak_true_mmHg"].get<double>());
  fmt::print("\n{} runs, {} detected as their kind on their channel, {} reported as another kind, {} raised by the other channel, "
             "{} handled by hardware, {} with both cuffs below 20 mmHg within 2 s; highest true pressure {:.1f} mmHg\n",
             j["runs"].get<int>(), j["detected"].get<int>(), j["misclassified"].get<int>(), j["raised_by_the_other_channel"].get<int>(),
             j["handled_by_hardware"].get<int>(), j["both_below_20mmHg_within_2s_of_detection"].get<int>(),
             j["highest_true_pressure_mmHg"].get<double>());
  for (const auto& [k, v] : j["targets"].items()) fmt::print("target {:<48} {}\n", k, v.get<bool>() ? "MET" : "NOT MET");
}

// One thigh, or both legs (--limbs 2: rows per pump layout, each limb scored as one).
void print_aerobic(const nlohmann::json& j) {
  fmt::print("{}\n\nAerobic BFR (simulated), {}\n{}\n", kSimulatedBanner, j["seeds"].get<std::string>(), j["about"].get<std::string>());
  for (const auto& [k, v] : j["modes"].items()) fmt::print("  {}: {}\n", k, v.get<std::string>());
  if (j.contains("not_covered")) fmt::print("  not covered: {}\n", j["not_covered"].get<std::string>());
  const bool two_limbs = j["benchmark"] == "aerobic_two_limbs";
  const char* pump_key = two_limbs ? "pumps" : "pump";
  std::string group;
  for (const auto& r : j["rows"]) {
    if (r["group"] != group) {
      group = r["group"].get<std::string>();
      fmt::print("\n{}\n{:<16} {:<11} {:<9} {:>12} {:>12} {:>13} {:>9} {:>7} {:>6} {:>6}\n", group, pump_key, "LOP", "strategy",
                 "hold mean", two_limbs ? "worst limb" : "hold worst", "peak %LOP", "highest", "faults", "no LOP", "beyond");
    }
    fmt::print("{:<16} {:<11} {:<9} {:>11.1f}% {:>11.1f}% {:>7.1f} +-{:>3.1f} {:>9.1f} {:>7} {:>6} {:>6}\n", r[pump_key].get<std::string>(),
               r["mode"].get<std::string>(), r["strategy"].get<std::string>(), r["exercise_within_10pct"]["mean"].get<double>(),
               r["exercise_within_10pct"]["worst"].get<double>(), r["peak_pct_lop"]["mean"].get<double>(),
               r["peak_pct_lop"]["sd"].get<double>(), r["highest_pct_lop_during_exercise"].get<double>(),
               r["sessions_with_a_false_fault"].get<int>(), r["sessions_without_lop"].get<int>(),
               r["of_which_lop_beyond_the_device"].get<int>());
  }
  fmt::print("\n'beyond': no session because the true LOP lies where the device may not go (near or over 300 mmHg).\n");
  if (two_limbs) fmt::print("limbs, not people: each row's mean is over limbs, its worst the worst limb\n");
  fmt::print("targets (ours, end to end, {}):\n", two_limbs ? "shared datasheet pump" : "datasheet pump");
  for (const auto& [g, targets] : j["targets"].items())
    for (const auto& [k, v] : targets.items()) fmt::print("  {:<18} {:<48} {}\n", g, k, v.get<bool>() ? "MET" : "NOT MET");
}

void print_lop(const nlohmann::json& j) {
  fmt::print("{}\n\nAutomatic LOP (simulated), {}\n{}\n{}\n\n", kSimulatedBanner, j["seeds"].get<std::string>(),
             j["design"].get<std::string>(), j["scoring"].get<std::string>());
  fmt::print("{:<22} {:>5} {:>9} {:>9} {:>8} {:>9} {:>10} {:>10} {:>9} {:>12}\n", "group", "runs", "success", "10-15 %",
             "refused", "conf.wrong", "err med", "err p95", "time med", "max - LOP");
  for (const char* g : {"all", "legs_lying", "legs_seated", "arms_lying", "arms_seated", "standing", "standing_with_motion"}) {
    const auto& r = j[g];
    fmt::print("{:<22} {:>5} {:>8.1f}% {:>9} {:>8} {:>9} {:>9.1f}% {:>9.1f}% {:>8.1f}s {:>9.1f} mm\n", r["group"].get<std::string>(),
               r["runs"].get<int>(), 100 * r["success_rate"].get<double>(), r["off_by_10_to_15pct"].get<int>(),
               r["refusals_where_measurable"].get<int>(), r["confidently_wrong"].get<int>(), r["rel_error_pct_median"].get<double>(),
               r["rel_error_pct_p95"].get<double>(), r["seconds_median"].get<double>(),
               r["highest_applied_over_true_lop_mmHg"].get<double>());
  }
  fmt::print("\nmisses: {}\n", j["misses"].size());
  for (const auto& f : j["misses"])
    fmt::print("  {:<17} {} {:>4.1f} cm {:<8}{}{} HR {:>3.0f}: true {:>5.1f}, measured {:>6}  {}\n", f["verdict"].get<std::string>(),
               f["limb"].get<std::string>(), f["cuff_cm"].get<double>(), f["posture"].get<std::string>(),
               f["motion"].get<bool>() ? " motion" : "", f["atrial_fibrillation"].get<bool>() ? " AF" : "",
               f["heart_rate"].get<double>(), f["true_lop_mmHg"].get<double>(),
               f["measured_mmHg"].is_null() ? std::string("-") : fmt::format("{:.1f}", f["measured_mmHg"].get<double>()),
               f["reason"].get<std::string>());
  for (const auto& [k, v] : j["targets"].items()) fmt::print("target {:<46} {}\n", k, v.get<bool>() ? "MET" : "NOT MET");
}

void print_faults(const nlohmann::json& j) {
  fmt::print("{}\n\nFaults (simulated), {}: every injectable fault in every phase; detected means reported as its own kind or "
             "an equivalent (docs/safety.md)\n\n",
             kSimulatedBanner, j["seeds"].get<std::string>());
  fmt::print("{:<28} {:<14} {:>8} {:<20} {:>9} {:>10} {:>9}\n", "fault", "phase", "detected", "as", "detect s", "<20mmHg s",
             "peak");
  const auto num = [](const nlohmann::json& v) { return v.is_null() ? std::string("-") : fmt::format("{:.2f}", v.get<double>()); };
  for (const auto& r : j["rows"])
    fmt::print("{:<28} {:<14} {:>8} {:<20} {:>9} {:>10} {:>9.1f}\n", r["fault"].get<std::string>(), r["phase"].get<std::string>(),
               r["detected"].get<bool>()              ? "yes"
               : r["handled_by_hardware"].get<bool>() ? "hardware"
               : r["misclassified"].get<bool>()       ? "WRONG"
                                                      : "NO",
               r["fault_id"].is_null() ? "-" : r["fault_id"].get<std::string>(), num(r["seconds_to_detect"]),
               num(r["seconds_detection_to_below_20mmHg"].is_null() ? r["seconds_injection_to_below_20mmHg"]
                                                                    : r["seconds_detection_to_below_20mmHg"]),
               r["peak_true_mmHg"].get<double>());
  fmt::print("\n{} runs, {} detected as their kind, {} reported as another kind, {} handled by hardware, {} below 20 mmHg within 2 s; "
             "highest true pressure {:.1f} mmHg\n",
             j["runs"].get<int>(), j["detected"].get<int>(), j["misclassified"].get<int>(), j["handled_by_hardware"].get<int>(),
             j["below_20mmHg_within_2s_of_detection"].get<int>(), j["highest_true_pressure_mmHg"].get<double>());
  const auto& clean = j["fault_free"];
  fmt::print("\nfalse faults: {} of {} fault-free sessions ({})\n", clean["with_a_false_fault"].get<int>(), clean["sessions"].get<int>(),
             clean["design"].get<std::string>());
  for (const auto& f : clean["false_faults"])
    fmt::print("  person {:>4}: {:<20} at {:>6.1f} s, {} {:.1f} cm, HR {:.0f}, {}\n", f["person"].get<int>(), f["fault"].get<std::string>(),
               f["at_s"].get<double>(), f["limb"].get<std::string>(), f["cuff_cm"].get<double>(), f["heart_rate"].get<double>(),
               f["rhythm"].get<std::string>());
  for (const auto& [k, v] : j["targets"].items()) fmt::print("target {:<30} {}\n", k, v.get<bool>() ? "MET" : "NOT MET");
}

void run_controller_bench(const std::string& which, const ControllerBenchOptions& o) {
  auto options = o.bench;
  options.seeds = {*rig::seed_set_from(o.seed_set), o.seed};
  options.progress = [&](const std::string& m) { fmt::print(stderr, "bench {}: {}\n", which, m); };
  const bool two_limbs = o.limbs == 2;
  nlohmann::json j = two_limbs && which == "faults"    ? rig::bench_faults_two_limbs(options)
                     : two_limbs && which == "aerobic" ? rig::bench_aerobic_two_limbs(options)
                     : two_limbs                       ? rig::bench_regulation_two_limbs(options)
                     : which == "regulation" ? rig::bench_regulation(options)
                     : which == "lop"      ? rig::bench_lop(options)
                     : which == "aerobic"  ? rig::bench_aerobic(options)
                                           : rig::bench_faults(options);
  if (!o.save.empty()) {
    std::ofstream out(o.save);
    out << j.dump(2) << "\n";
    if (!out) throw std::runtime_error("cannot write " + o.save);
  }
  if (o.json) std::cout << j.dump(2) << "\n";
  else if (two_limbs && which == "faults") print_faults_two_limbs(j);
  else if (two_limbs && which == "regulation") print_regulation_two_limbs(j);
  else if (which == "regulation") print_regulation(j);
  else if (which == "lop") print_lop(j);
  else if (which == "aerobic") print_aerobic(j);
  else print_faults(j);
  if (!j["targets_met"].get<bool>()) set_exit_code(kExitFailedCheck);
}

struct StoreBenchOptions {
  bool json = false;
  long samples = 200000;
  int sessions = 12;
  std::string dir;
  bool year = false;
};

void bench_store(const StoreBenchOptions& o) {
  const auto dir = o.dir.empty() ? std::filesystem::temp_directory_path() / "openbfr-bench-store" : std::filesystem::path(o.dir);
  const auto progress = [](const std::string& m) { fmt::print(stderr, "bench store: {}\n", m); };
  const auto runs = store::run_ingest_benchmark(dir, o.samples, progress);
  const auto size = store::run_size_benchmark(dir, o.sessions, progress);
  const auto& batched = runs.front();
  const bool fast_enough = batched.samples_per_second() >= store::kRequiredSamplesPerSecond;
  const bool small_enough = size.databases.front().bytes_per_sample() <= store::kTargetBytesPerSample;
  const bool met = fast_enough && small_enough;
  if (o.json) {
    nlohmann::json j = {{"benchmark", "store"}, {"backend", "sqlite"}, {"simulated_data", true},
                        {"target_samples_per_second", store::kRequiredSamplesPerSecond},
                        {"target_bytes_per_sample", store::kTargetBytesPerSample}, {"target_met", met},
                        {"runs", nlohmann::json::array()}, {"size", {{"sessions", size.sessions}, {"samples", size.samples}}}};
    for (const auto& r : runs)
      j["runs"].push_back({{"name", r.name}, {"samples_per_transaction", r.batch}, {"samples", r.samples}, {"seconds", r.seconds},
                           {"samples_per_second", r.samples_per_second()}, {"commit_p50_ms", r.commit_p50_ms},
                           {"commit_p99_ms", r.commit_p99_ms}, {"commit_max_ms", r.commit_max_ms}});
    for (const auto& d : size.databases)
      j["size"]["databases"].push_back({{"name", d.name}, {"samples", d.samples}, {"bytes", d.bytes}, {"bytes_per_sample", d.bytes_per_sample()}});
    for (const auto& c : size.codec)
      j["size"]["codec"].push_back({{"block_samples", c.block_samples}, {"zstd_bytes_per_sample", c.zstd_bytes_per_sample},
                                    {"columns_bytes_per_sample", c.columns_bytes_per_sample}});
    std::cout << j.dump(2) << "\n";
  } else {
    fmt::print("Sample ingest into SQLite (WAL, synchronous=NORMAL) in {}\n\n", dir.string());
    for (const auto& r : runs)
      fmt::print("{:<64} {:>10.0f} samples/s   commit p50 {:.2f} ms, p99 {:.2f} ms, max {:.1f} ms\n", r.name, r.samples_per_second(),
                 r.commit_p50_ms, r.commit_p99_ms, r.commit_max_ms);
    fmt::print("\nOne cuff sends 100 samples/s. target: at least {:.0f} samples/s batched: {}\n", store::kRequiredSamplesPerSecond,
               fast_enough ? "MET" : "NOT MET");
    fmt::print("\nSize on disk: {} synthetic (SIMULATED) sessions, {} samples at 100 Hz\n", size.sessions, size.samples);
    for (const auto& d : size.databases) fmt::print("{:<40} {:>12.0f} bytes   {:>6.2f} bytes/sample\n", d.name, d.bytes, d.bytes_per_sample());
    fmt::print("\nThe block codec alone, by block length (bytes/sample):\n{:>14} {:>10} {:>18}\n", "block samples", "zstd", "columns, no zstd");
    for (const auto& c : size.codec) fmt::print("{:>14} {:>10.2f} {:>18.2f}\n", c.block_samples, c.zstd_bytes_per_sample, c.columns_bytes_per_sample);
    fmt::print("\ntarget: at most {:.0f} bytes per stored sample: {}\n", store::kTargetBytesPerSample, small_enough ? "MET" : "NOT MET");
  }
  if (!met) set_exit_code(kExitFailedCheck);
}

struct ServeBenchOptions {
  bool json = false;
  server::LoadOptions load;
};

void bench_serve(ServeBenchOptions o) {
  o.load.progress = [](const std::string& m) { fmt::print(stderr, "bench serve: {}\n", m); };
  const auto r = server::run_load_benchmark(o.load);
  const int watchers_asked = o.load.streams == 0 ? 0 : (o.load.watchers > 0 ? o.load.watchers : o.load.streams);
  const bool met = r.p99_ms < server::kTargetP99Ms && r.errors == 0 && r.streams_open == o.load.streams && r.watchers == watchers_asked &&
                   r.watchers_complete == watchers_asked;
  if (o.json) {
    std::cout << nlohmann::json{{"benchmark", "serve"}, {"backend", r.backend}, {"durability", r.durability}, {"rate_asked", o.load.rate}, {"rate_achieved", r.achieved_rate},
                                {"seconds", o.load.seconds}, {"requests", r.requests}, {"errors", r.errors}, {"p50_ms", r.p50_ms},
                                {"p99_ms", r.p99_ms}, {"max_ms", r.max_ms}, {"streams_asked", o.load.streams}, {"streams_open", r.streams_open},
                                {"watchers_asked", watchers_asked}, {"watchers_open", r.watchers}, {"watchers_with_every_message", r.watchers_complete},
                                {"stream_frames", r.stream_frames}, {"p99_by_second_ms", r.p99_by_second_ms}, {"target_p99_ms", server::kTargetP99Ms}, {"target_met", met}}
                     .dump(2)
              << "\n";
  } else {
    fmt::print("Clinic server on {} ({}; {} live sessions streaming to watchers on the virtual cuff)\n\n", r.backend, r.durability, r.streams_open);
    fmt::print("{:.0f} requests a second asked, {:.0f} achieved, {} requests, {} errors\n", o.load.rate, r.achieved_rate, r.requests, r.errors);
    fmt::print("latency from when each request was due: p50 {:.2f} ms, p99 {:.2f} ms, max {:.1f} ms\n", r.p50_ms, r.p99_ms, r.max_ms);
    fmt::print("stream frames received: {}; watchers that received every message to the end: {} of {}\n", r.stream_frames,
               r.watchers_complete, watchers_asked);
    fmt::print("p99 in each second (ms): {:.1f}\n", fmt::join(r.p99_by_second_ms, " "));
    fmt::print("\ntarget: p99 under {:.0f} ms, no errors, every stream open, every watcher every message: {}\n", server::kTargetP99Ms, met ? "MET" : "NOT MET");
  }
  if (!met) set_exit_code(kExitFailedCheck);
}

struct AttackBenchOptions {
  bool json = false;
  server::bench::AttackOptions attack;
};

void bench_attack(AttackBenchOptions o) {
  namespace sb = server::bench;
  o.attack.bfr = std::filesystem::read_symlink("/proc/self/exe").string();
  o.attack.progress = [](const std::string& m) { fmt::print(stderr, "bench attack: {}\n", m); };
  const auto r = sb::run_attack_benchmark(o.attack);
  const auto latency = [](const sb::Latency& l) {
    return nlohmann::json{{"count", l.count}, {"failed", l.failed}, {"p50_ms", l.p50_ms}, {"p99_ms", l.p99_ms}, {"max_ms", l.max_ms}};
  };
  nlohmann::json answers = nlohmann::json::object(), outcomes = nlohmann::json::object();
  for (const auto& [status, n] : r.sign_in_answers) answers[std::to_string(status)] = n;
  for (const auto& [outcome, n] : r.session_outcomes) outcomes[outcome] = n;
  const bool met = r.target_met();
  if (o.json) {
    std::cout << nlohmann::json{{"benchmark", "attack"}, {"simulated_sessions", true}, {"seconds", o.attack.seconds},
                                {"slow_connections_asked", o.attack.slow}, {"slow_connections_open_lowest", r.slow_open_lowest},
                                {"slow_connections_dropped_and_reopened", r.slow_dropped}, {"watchers_asked", o.attack.watchers},
                                {"watchers_open", r.watchers_open}, {"watchers_with_every_message", r.watchers_complete},
                                {"sign_in_flood_answers", answers}, {"me", latency(r.me)}, {"stop", latency(r.stop)},
                                {"server_peak_rss_mb", static_cast<double>(r.server_peak_rss_kb) / 1024.0}, {"session_outcomes", outcomes},
                                {"target_p99_ms", sb::kAttackTargetP99Ms}, {"target_rss_mb", sb::kAttackTargetRssKb / 1024}, {"target_met", met}}
                     .dump(2)
              << "\n";
  } else {
    fmt::print("Clinic server attacked for {:.0f} s, {} live sessions on the virtual cuff (simulated)\n\n", o.attack.seconds, o.attack.sessions);
    fmt::print("slow connections: {} asked, at least {} open while measured, {} dropped at the header deadline and opened again\n", o.attack.slow,
               r.slow_open_lowest, r.slow_dropped);
    fmt::print("watchers: {} open of {}, {} received every message\n", r.watchers_open, o.attack.watchers, r.watchers_complete);
    fmt::print("sign-in flood answers (status: count): {}\n", answers.dump());
    fmt::print("GET /api/me every 50 ms: p50 {:.1f} ms, p99 {:.1f} ms, max {:.1f} ms, {} failed of {}\n", r.me.p50_ms, r.me.p99_ms, r.me.max_ms, r.me.failed,
               r.me.count);
    fmt::print("Stop: p50 {:.1f} ms, p99 {:.1f} ms, max {:.1f} ms, {} failed of {}\n", r.stop.p50_ms, r.stop.p99_ms, r.stop.max_ms, r.stop.failed, r.stop.count);
    fmt::print("server's peak memory: {:.0f} MB; sessions ended: {}\n", static_cast<double>(r.server_peak_rss_kb) / 1024.0, outcomes.dump());
    fmt::print("\ntarget: Stop and /api/me p99 under {:.0f} ms, the server under {} MB, every session ended as stopped: {}\n", sb::kAttackTargetP99Ms,
               sb::kAttackTargetRssKb / 1024, met ? "MET" : "NOT MET");
  }
  if (!met) set_exit_code(kExitFailedCheck);
}

void add_bench_commands(CLI::App& app) {
  auto* bench = app.add_subcommand("bench", "Benchmarks: each prints its numbers, its target and whether it was met");
  bench->require_subcommand(1);
  auto opts = std::make_shared<BenchSimOptions>();
  auto* sim = bench->add_subcommand("sim", "Simulated seconds per wall-clock second for one cuff at a 1 ms step");
  sim->add_flag("--json", opts->json, "Print the results as JSON");
  sim->add_option("--seconds", opts->seconds, "Simulated seconds per run")->check(CLI::Range(1.0, 36000.0));
  sim->add_option("--repeats", opts->repeats, "Runs per measurement; the median is reported")->check(CLI::Range(1, 100));
  sim->callback([opts] { bench_sim(*opts); });

  auto so = std::make_shared<StoreBenchOptions>();
  auto* st = bench->add_subcommand("store", "Sample ingest into SQLite as a session writes (against one commit per sample), and bytes per stored sample (against a row per sample)");
  st->add_flag("--json", so->json, "Print the results as JSON");
  st->add_option("--samples", so->samples, "Samples to write in the batched run")->check(CLI::Range(1000L, 100000000L));
  st->add_option("--sessions", so->sessions, "Synthetic sessions (about 28,000 samples each) for the size figures")->check(CLI::Range(1, 1000));
  st->add_option("--dir", so->dir, "Folder for the benchmark database (default: the temporary folder)");
  auto yo = std::make_shared<YearBenchOptions>();
  auto* year = st->add_flag("--year", so->year, "Instead: write a synthetic year of busy clinics and time charts and histories on it");
  st->add_option("--clinics", yo->clinics, "With --year: clinics, 30 sessions a day each")->check(CLI::Range(1, 50))->needs(year);
  st->add_option("--days", yo->days, "With --year: days of the year to write")->check(CLI::Range(1, 366))->needs(year);
  st->add_option("--db", yo->db, "With --year: an empty database (sqlite:PATH or postgresql://...; default: a new SQLite file)")->needs(year);
  st->add_flag("--keep", yo->keep, "With --year: keep the SQLite file")->needs(year);
  st->callback([so, yo] {
    if (!so->year) return bench_store(*so);
    yo->json = so->json;
    yo->dir = so->dir;
    bench_store_year(*yo);
  });

  auto sv = std::make_shared<ServeBenchOptions>();
  auto* serve = bench->add_subcommand("serve", "API latency at a fixed request rate with live sessions streaming (a temporary SQLite file, or --db)");
  serve->add_flag("--json", sv->json, "Print the results as JSON");
  serve->add_option("--seconds", sv->load.seconds, "Seconds of load")->check(CLI::Range(1.0, 3600.0));
  serve->add_option("--rate", sv->load.rate, "Requests a second")->check(CLI::Range(1.0, 20000.0));
  serve->add_option("--streams", sv->load.streams, "Live sessions, each watched")->check(CLI::Range(0, 200));
  serve->add_option("--watchers", sv->load.watchers, "Watchers on the live streams, spread over them (default: one a session)")->check(CLI::Range(0, 2000));
  serve->add_option("--server-db", sv->load.database_url, "An empty database for the server: sqlite:PATH or postgresql://... (default: a temporary SQLite file)");
  serve->callback([sv] { guarded("bench serve", [&] { bench_serve(*sv); }); });

  auto ao = std::make_shared<AttackBenchOptions>();
  auto* attack = bench->add_subcommand("attack", "The server (bfr serve) under slow connections, watchers and a sign-in flood from many addresses: Stop, /api/me and memory");
  attack->add_flag("--json", ao->json, "Print the results as JSON");
  attack->add_option("--seconds", ao->attack.seconds, "Seconds measured")->check(CLI::Range(1.0, 600.0));
  attack->add_option("--slow", ao->attack.slow, "Slow connections")->check(CLI::Range(0, 3000));
  attack->add_option("--sessions", ao->attack.sessions, "Live sessions on the virtual cuff")->check(CLI::Range(1, 200));
  attack->add_option("--watchers", ao->attack.watchers, "Watchers on the live streams")->check(CLI::Range(0, 2000));
  attack->add_option("--flooders", ao->attack.flooders, "Threads sending wrong sign-ins")->check(CLI::Range(0, 64));
  attack->callback([ao] { guarded("bench attack", [&] { bench_attack(*ao); }); });

  for (const char* which : {"regulation", "lop", "faults", "aerobic"}) {
    auto o = std::make_shared<ControllerBenchOptions>();
    const std::string name = which;
    const char* about = name == "regulation" ? "Regulation end to end and with the oracle LOP: ours against passive and deadband cuffs"
                        : name == "lop"      ? "Automatic LOP on legs and arms over postures, cuffs, blood pressure, heart rate, motion and rhythm"
                        : name == "aerobic"  ? "10-minute holds while walking (3-6 km/h) and cycling (50-100 rpm) at 50 and 60 % LOP: ours against passive and deadband"
                                             : "Every injectable fault in every session phase, and false faults in fault-free sessions";
    auto* cmd = bench->add_subcommand(name, about);
    cmd->add_flag("--json", o->json, "Print the results as JSON");
    cmd->add_option("--seed-set", o->seed_set, "evaluation (reported; nothing is tuned on it) or tuning (scripts/tune-controller)")
        ->check(CLI::IsMember({"evaluation", "tuning"}));
    cmd->add_option("--seed", o->seed, "One explicit seed instead of a set (reported as neither)");
    cmd->add_option("--save", o->save, "Also write the results as JSON to this file");
    if (name == "lop")
      cmd->add_option("--per-cell", o->bench.lop_per_cell, "People per cell of the design (limb x cuff x posture x motion x rhythm)")
          ->check(CLI::Range(1, 100));
    if (name == "regulation") {
      cmd->add_option("--people", o->bench.envelope_people, "People of the broad envelope")->check(CLI::Range(2, 1000));
      cmd->add_option("--limbs", o->limbs, "1: one cuff; 2: both thighs at once, bilateral and alternating leg press, shared pump or two")
          ->check(CLI::IsMember({1, 2}));
    }
    if (name == "aerobic") {
      cmd->add_option("--people", o->bench.aerobic_people, "People per activity and target")->check(CLI::Range(1, 1000));
      cmd->add_option("--limbs", o->limbs, "1: one thigh; 2: both legs, half a stride apart, one pump shared or two")
          ->check(CLI::IsMember({1, 2}));
    }
    if (name == "faults") {
      cmd->add_option("--fault-free", o->bench.fault_free_sessions, "Fault-free sessions to count false faults over")
          ->check(CLI::Range(0, 100000));
      cmd->add_option("--limbs", o->limbs, "1: one cuff; 2: every fault on either channel of a two-cuff session, shared pump or two")
          ->check(CLI::IsMember({1, 2}));
    }
    cmd->callback([o, name] { guarded(("bench " + name).c_str(), [&] { run_controller_bench(name, *o); }); });
  }
}

}  // namespace bfr::cli

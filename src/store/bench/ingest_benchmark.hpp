#pragma once
// Sustained sample ingest into a store: how many telemetry samples a second it keeps, written
// the way a session writes them (batches of half a second at 100 Hz, one transaction each),
// against the baseline of one transaction per sample, in the same run on the same disk.

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace bfr::store {

struct IngestRun {
  std::string name;
  int batch = 0;            // samples per transaction
  long samples = 0;
  double seconds = 0;
  double commit_p50_ms = 0, commit_p99_ms = 0, commit_max_ms = 0;
  [[nodiscard]] double samples_per_second() const { return seconds > 0 ? static_cast<double>(samples) / seconds : 0.0; }
};

inline constexpr double kRequiredSamplesPerSecond = 10000.0;  // issue 6
inline constexpr int kSessionBatch = 50;                      // 0.5 s at 100 Hz (session/guided_session.cpp)

// Runs in a fresh SQLite file in `dir` (removed afterwards).
std::vector<IngestRun> run_ingest_benchmark(const std::filesystem::path& dir, long samples,
                                            const std::function<void(const std::string&)>& progress = {});

}  // namespace bfr::store

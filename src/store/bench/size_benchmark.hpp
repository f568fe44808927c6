#pragma once
// What a stored sample costs on disk: synthetic sessions (synthetic_session.hpp) written as a
// session writes them, into today's sample blocks and into the row-per-sample table of schema 3
// (the baseline), in the same run; and the block codec's size by block length, with and
// without zstd.

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace bfr::store {

inline constexpr double kTargetBytesPerSample = 4.0;  // issue 18

struct StorageSize {
  std::string name;
  long samples = 0;
  double bytes = 0;
  [[nodiscard]] double bytes_per_sample() const { return samples > 0 ? bytes / static_cast<double>(samples) : 0.0; }
};

struct CodecSize {
  std::size_t block_samples = 0;
  double zstd_bytes_per_sample = 0;
  double columns_bytes_per_sample = 0;  // the same columns without zstd
};

struct SizeReport {
  long samples = 0;
  int sessions = 0;
  std::vector<StorageSize> databases;  // blocks first, then the baseline
  std::vector<CodecSize> codec;
};

// Writes `sessions` synthetic sessions into fresh SQLite files in `dir` (removed afterwards).
SizeReport run_size_benchmark(const std::filesystem::path& dir, int sessions,
                              const std::function<void(const std::string&)>& progress = {});

}  // namespace bfr::store

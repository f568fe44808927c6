#include "store/bench/ingest_benchmark.hpp"

#include <algorithm>
#include <chrono>

#include "store/bench/synthetic_session.hpp"
#include "store/store.hpp"

namespace bfr::store {

namespace {

IngestRun ingest(Store& store, Id session, const std::string& name, int batch, long samples) {
  static const auto session_samples = synthetic_samples({});
  using Clock = std::chrono::steady_clock;
  IngestRun run{name, batch, samples};
  std::vector<double> commits;
  std::vector<Sample> buffer;
  const auto start = Clock::now();
  for (long i = 0; i < samples;) {
    buffer.clear();
    for (int k = 0; k < batch && i < samples; ++k, ++i) {
      // The synthetic session over and over, its times running on.
      const auto at = static_cast<std::size_t>(i) % session_samples.size();
      buffer.push_back(session_samples[at]);
      buffer.back().t_ms = i * 10;
    }
    const auto t0 = Clock::now();
    store.add_samples(session, buffer);
    commits.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
  }
  run.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  if (commits.empty()) return run;
  std::sort(commits.begin(), commits.end());
  const auto at = [&](double q) { return commits[static_cast<std::size_t>(q * static_cast<double>(commits.size() - 1))]; };
  run.commit_p50_ms = at(0.5);
  run.commit_p99_ms = at(0.99);
  run.commit_max_ms = at(1.0);
  return run;
}

}  // namespace

std::vector<IngestRun> run_ingest_benchmark(const std::filesystem::path& dir, long samples,
                                            const std::function<void(const std::string&)>& progress) {
  std::filesystem::create_directories(dir);
  const auto file = dir / "ingest-benchmark.sqlite";
  const auto remove = [&] {
    for (const auto* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(file.string() + suffix);
  };
  remove();
  std::vector<IngestRun> runs;
  {
    auto store = open_store(file.string());
    const auto person = store->add_person({0, "benchmark", std::nullopt, std::nullopt, ""});
    Session s;
    s.person_id = person;
    s.device = "benchmark";
    if (progress) progress("batched, as a session writes");
    runs.push_back(ingest(*store, store->begin_session(s), "batched: 50 samples per transaction (a session's half second)", kSessionBatch, samples));
    // The baseline writes far fewer samples: one commit each is slow.
    if (progress) progress("baseline, one transaction per sample");
    runs.push_back(ingest(*store, store->begin_session(s), "baseline: one transaction per sample", 1, std::max(1000L, samples / 20)));
  }
  remove();
  return runs;
}

}  // namespace bfr::store

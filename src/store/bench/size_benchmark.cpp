#include "store/bench/size_benchmark.hpp"

#include <fmt/format.h>

#include <span>

#include "store/bench/ingest_benchmark.hpp"
#include "store/bench/synthetic_session.hpp"
#include "store/migrations.hpp"
#include "store/sample_codec.hpp"
#include "store/sqlite_db.hpp"
#include "store/store.hpp"

namespace bfr::store {

namespace {

std::vector<std::vector<Sample>> make_sessions(int n) {
  std::vector<std::vector<Sample>> out;
  for (int i = 0; i < n; ++i) {
    SyntheticSession s;
    s.seed = static_cast<std::uint32_t>(1000 + i);
    s.lop_mmHg = 120 + 15 * (i % 7);
    s.target_pct = 40 + 10 * (i % 5);
    s.heart_rate_bpm = 60 + 12 * (i % 9);
    out.push_back(synthetic_samples(s));
  }
  return out;
}

void remove_database(const std::filesystem::path& file) {
  for (const auto* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(file.string() + suffix);
}

// The file's size with everything checkpointed out of the write-ahead log.
double checkpointed_size(const std::filesystem::path& file) {
  {
    sqlite::Connection db(file.string());
    db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
  }
  return static_cast<double>(std::filesystem::file_size(file));
}

StorageSize blocks(const std::filesystem::path& file, const std::vector<std::vector<Sample>>& sessions) {
  StorageSize out{"sample blocks (schema 4)"};
  {
    auto store = open_store(file.string());
    const auto person = store->add_person({0, "benchmark", std::nullopt, std::nullopt, ""});
    for (const auto& samples : sessions) {
      Session s;
      s.person_id = person;
      s.device = "benchmark";
      const auto id = store->begin_session(s);
      const std::span<const Sample> all(samples);
      for (std::size_t i = 0; i < all.size(); i += kSessionBatch)
        store->add_samples(id, all.subspan(i, std::min<std::size_t>(kSessionBatch, all.size() - i)));
      out.samples += static_cast<long>(samples.size());
    }
  }
  const auto empty = file.string() + ".empty";
  remove_database(empty);
  { open_store(empty); }  // the same database without samples: its schema's pages are not the samples' cost
  out.bytes = checkpointed_size(file) - checkpointed_size(empty);
  remove_database(empty);
  return out;
}

StorageSize rows(const std::filesystem::path& file, const std::vector<std::vector<Sample>>& sessions) {
  StorageSize out{"a row per sample (schema 3)"};
  {
    sqlite::Connection db(file.string());
    db.exec("PRAGMA journal_mode = WAL");
    for (const auto& m : kMigrations)  // the database as schema 3 was, with its samples table
      if (m.version < kSampleBlocksVersion) db.exec(std::string(m.sqlite));
  }
  const auto schema_3_empty = checkpointed_size(file);
  {
    sqlite::Connection db(file.string());
    std::int64_t session = 0;
    for (const auto& samples : sessions) {
      ++session;
      for (std::size_t i = 0; i < samples.size(); i += kSessionBatch) {
        sqlite::Transaction t(db);
        auto q = db.prepare("INSERT INTO samples VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        for (std::size_t k = i; k < std::min(samples.size(), i + kSessionBatch); ++k) {
          const auto& s = samples[k];
          q.bind(1, session).bind(2, s.t_ms).bind(3, s.pressure_mmHg).bind(4, s.setpoint_mmHg).bind(5, s.target_pct)
              .bind(6, s.phase).bind(7, s.set).bind(8, s.rep).bind(9, s.pulse_mmHg).bind(10, s.off_target).bind(11, s.fault);
          q.run();
        }
        t.commit();
      }
      out.samples += static_cast<long>(samples.size());
    }
  }
  out.bytes = checkpointed_size(file) - schema_3_empty;
  return out;
}

CodecSize codec(const std::vector<std::vector<Sample>>& sessions, std::size_t block_samples) {
  CodecSize out{block_samples};
  double packed = 0, plain = 0, n = 0;
  for (const auto& samples : sessions) {
    const std::span<const Sample> all(samples);
    for (std::size_t i = 0; i < all.size(); i += block_samples) {
      const auto block = all.subspan(i, std::min(block_samples, all.size() - i));
      packed += static_cast<double>(encode_samples(block).size());
      plain += static_cast<double>(encode_samples_uncompressed(block).size());
      n += static_cast<double>(block.size());
    }
  }
  out.zstd_bytes_per_sample = packed / n;
  out.columns_bytes_per_sample = plain / n;
  return out;
}

}  // namespace

SizeReport run_size_benchmark(const std::filesystem::path& dir, int sessions, const std::function<void(const std::string&)>& progress) {
  std::filesystem::create_directories(dir);
  if (progress) progress(fmt::format("making {} synthetic sessions", sessions));
  const auto data = make_sessions(sessions);
  SizeReport report;
  report.sessions = sessions;
  for (const auto& s : data) report.samples += static_cast<long>(s.size());
  const auto file = dir / "size-benchmark.sqlite";
  remove_database(file);
  if (progress) progress("writing sample blocks");
  report.databases.push_back(blocks(file, data));
  remove_database(file);
  if (progress) progress("writing a row per sample (the baseline)");
  report.databases.push_back(rows(file, data));
  remove_database(file);
  if (progress) progress("encoding blocks of 50 to 2000 samples");
  for (const std::size_t n : {50UL, 100UL, 250UL, 500UL, 1000UL, 2000UL}) report.codec.push_back(codec(data, n));
  return report;
}

}  // namespace bfr::store

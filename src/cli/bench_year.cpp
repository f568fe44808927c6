#include "cli/bench_year.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>
#include <random>

#include "cli/commands.hpp"
#include "server/athlete_page.hpp"
#include "session/session_metrics.hpp"
#include "store/bench/year.hpp"
#include "store/pg_db.hpp"
#include "store/sqlite_db.hpp"

namespace bfr::cli {

namespace {

// Issue 18's targets on a year of a 30-session-a-day clinic.
constexpr double kChartP99Ms = 50;
constexpr double kHistoryP99Ms = 100;
constexpr double kAthletePageP99Ms = 20;
constexpr int kTimedQueries = 200;

struct Timing {
  double p50_ms = 0, p99_ms = 0, max_ms = 0;
};

template <class F>
Timing timed(int n, F&& once) {
  std::vector<double> ms;
  for (int i = 0; i < n; ++i) {
    const auto t0 = std::chrono::steady_clock::now();
    once(i);
    ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
  }
  std::sort(ms.begin(), ms.end());
  const auto at = [&](double q) { return ms[static_cast<std::size_t>(q * static_cast<double>(ms.size() - 1))]; };
  return {at(0.5), at(0.99), ms.back()};
}

double database_bytes(const std::string& url, const std::filesystem::path& file) {
  if (url.rfind("postgres", 0) == 0)
    return static_cast<double>(store::pg::Connection(url).exec("SELECT pg_database_size(current_database())").integer(0, 0));
  { store::sqlite::Connection(file.string()).exec("PRAGMA wal_checkpoint(TRUNCATE)"); }
  return static_cast<double>(std::filesystem::file_size(file));
}

}  // namespace

void bench_store_year(const YearBenchOptions& o) {
  const auto dir = o.dir.empty() ? std::filesystem::temp_directory_path() / "openbfr-bench-year" : std::filesystem::path(o.dir);
  const auto file = dir / "year.sqlite";
  const bool sqlite = o.db.empty();
  const auto url = sqlite ? "sqlite:" + file.string() : o.db;
  const auto remove = [&] {
    if (sqlite && !o.keep)
      for (const auto* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(file.string() + suffix);
  };
  if (sqlite) {
    std::filesystem::create_directories(dir);
    for (const auto* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(file.string() + suffix);
  }
  auto db = store::open_store(url);
  if (!db->people(std::nullopt).empty()) throw std::invalid_argument("bench store --year needs an empty database: " + url);
  store::YearPlan plan;
  plan.clinics = o.clinics;
  plan.days = o.days;
  plan.summary_of = [](std::span<const store::Sample> samples) {
    return nlohmann::json{{"figures", session::figures_json(session::session_metrics(samples))}}.dump();
  };
  const auto progress = [](const std::string& m) { fmt::print(stderr, "bench store --year: {}\n", m); };
  const auto written = store::write_year(*db, plan, progress);
  const auto bytes = database_bytes(url, file);

  progress(fmt::format("timing {} charts and {} histories, twice: kept figures and the baseline", kTimedQueries, kTimedQueries));
  std::mt19937 rng(20261202);
  std::uniform_int_distribution<store::Id> any_session(1, written.sessions), any_person(1, written.people);
  std::vector<store::Id> sessions(kTimedQueries), people(kTimedQueries);
  for (auto& s : sessions) s = any_session(rng);
  for (auto& p : people) p = any_person(rng);
  // A session's chart: all its samples (GET /api/sessions/{id}/samples, the report).
  const auto chart = timed(kTimedQueries, [&](int i) {
    if (db->samples(sessions[static_cast<std::size_t>(i)]).empty()) throw std::runtime_error("a generated session has no samples");
  });
  // `bfr history --person`: the person's sessions, each with its figures.
  const auto history = timed(kTimedQueries, [&](int i) {
    for (const auto& s : db->sessions(people[static_cast<std::size_t>(i)])) (void)session::session_figures(*db, s);
  });
  // The baseline, same people: each session's figures from its samples, as before ended
  // sessions kept them.
  const auto history_from_samples = timed(kTimedQueries, [&](int i) {
    for (const auto& s : db->sessions(people[static_cast<std::size_t>(i)])) (void)session::session_metrics(db->samples(s.id));
  });
  // The athlete page as the server answers it (GET /api/athletes/{id}), with a server's figure
  // cache that starts empty.
  server::MetricsCache metrics;
  const auto athlete = timed(kTimedQueries, [&](int i) {
    const auto person = db->person(people[static_cast<std::size_t>(i)]);
    if (!person || server::athlete_page(*db, metrics, *person)["sessions"].empty()) throw std::runtime_error("a generated person has no sessions");
  });
  const bool met = chart.p99_ms <= kChartP99Ms && history.p99_ms <= kHistoryP99Ms && athlete.p99_ms <= kAthletePageP99Ms;
  const auto row = [](const Timing& t, double target) {
    return nlohmann::json{{"p50_ms", t.p50_ms}, {"p99_ms", t.p99_ms}, {"max_ms", t.max_ms}, {"target_p99_ms", target}, {"met", t.p99_ms <= target}};
  };
  if (o.json) {
    nlohmann::json j = {{"benchmark", "store year"}, {"backend", sqlite ? "sqlite" : "postgresql"}, {"simulated_data", true},
                        {"clinics", o.clinics}, {"days", o.days}, {"sessions_per_day", plan.sessions_per_day},
                        {"people", written.people}, {"sessions", written.sessions}, {"samples", written.samples}, {"events", written.events},
                        {"write_seconds", written.seconds}, {"database_bytes", bytes},
                        {"bytes_per_sample", bytes / static_cast<double>(written.samples)},
                        {"chart", row(chart, kChartP99Ms)}, {"history", row(history, kHistoryP99Ms)},
                        {"athlete_page", row(athlete, kAthletePageP99Ms)},
                        {"history_baseline_from_samples", row(history_from_samples, kHistoryP99Ms)}, {"targets_met", met}};
    std::cout << j.dump(2) << "\n";
  } else {
    fmt::print("A synthetic (SIMULATED) year on {}: {} clinic(s) x {} days x {} sessions a day\n", sqlite ? "SQLite" : "PostgreSQL",
               o.clinics, o.days, plan.sessions_per_day);
    fmt::print("{} people, {} sessions, {} samples, {} events, written in {:.0f} s\n", written.people, written.sessions, written.samples,
               written.events, written.seconds);
    fmt::print("database: {:.1f} MB, {:.2f} bytes per sample with everything else in it\n\n", bytes / 1e6,
               bytes / static_cast<double>(written.samples));
    fmt::print("{:<44} {:>9} {:>9} {:>9}   target p99\n", "", "p50 ms", "p99 ms", "max ms");
    const auto line = [](const char* name, const Timing& t, double target) {
      fmt::print("{:<44} {:>9.1f} {:>9.1f} {:>9.1f}   <= {:.0f} ms: {}\n", name, t.p50_ms, t.p99_ms, t.max_ms, target,
                 t.p99_ms <= target ? "MET" : "NOT MET");
    };
    line("a session's chart data (all its samples)", chart, kChartP99Ms);
    line("bfr history for a person (figures of each)", history, kHistoryP99Ms);
    line("the athlete page (GET /api/athletes/{id})", athlete, kAthletePageP99Ms);
    line("  baseline: the figures from every sample", history_from_samples, kHistoryP99Ms);
  }
  db.reset();
  remove();
  if (!met) set_exit_code(kExitFailedCheck);
}

}  // namespace bfr::cli

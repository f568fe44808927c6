#include "server/bench/load_benchmark.hpp"

#include <fmt/format.h>

#include <cmath>
#include <httplib.h>
#include <libpq-fe.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

#include "server/bench/bench_client.hpp"
#include "rig/virtual_cuff.hpp"
#include "server/bench/stream_watchers.hpp"
#include "server/clinic_server.hpp"

namespace bfr::server {

namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

constexpr double kWarmupSeconds = 1.0;
constexpr int kLoadThreads = 16;  // clients sending the fixed-rate requests

// PostgreSQL's own word on what a commit waits for.
std::string postgres_durability(const std::string& url) {
  PGconn* c = PQconnectdb(url.c_str());
  std::string out = "unknown";
  if (PQstatus(c) == CONNECTION_OK) {
    const auto setting = [&](const char* sql) {
      PGresult* r = PQexec(c, sql);
      std::string v = PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1 ? PQgetvalue(r, 0, 0) : "unknown";
      PQclear(r);
      return v;
    };
    out = fmt::format("fsync {}, synchronous_commit {}", setting("SHOW fsync"), setting("SHOW synchronous_commit"));
  }
  PQfinish(c);
  return out;
}

}  // namespace

LoadResult run_load_benchmark(const LoadOptions& o) {
  const auto say = [&](const std::string& m) {
    if (o.progress) o.progress(m);
  };
  std::filesystem::path temp;
  std::string url = o.database_url;
  if (url.empty()) {
    temp = std::filesystem::temp_directory_path() / fmt::format("openbfr-bench-serve-{}.sqlite", ::getpid());
    for (const auto* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(temp.string() + suffix);
    url = "sqlite:" + temp.string();
  }
  LoadResult result;
  result.backend = url.rfind("postgres", 0) == 0 ? "postgresql" : "sqlite";
  // SQLite: WAL with synchronous NORMAL (sqlite_store.cpp): a commit survives a crash of the
  // program, and a power cut may lose the last ones.
  result.durability = result.backend == "postgresql" ? postgres_durability(url) : "WAL, synchronous NORMAL";
  {
    ServerOptions options{url, "127.0.0.1", 0};
    options.open_device = rig::open_device;
    const int watcher_count = o.watchers > 0 ? o.watchers : o.streams;
    options.connections_per_address = static_cast<std::size_t>(watcher_count) + kLoadThreads + 64;  // all from this one address
    ClinicServer server(options);
    const auto admin = server.ensure_first_admin();
    if (!admin) throw std::runtime_error("bench serve needs an empty database (it makes its own administrator)");
    const int port = server.bind();
    std::thread serving([&] { server.run(); });
    const auto me = bench::sign_in(port, admin->email, admin->password);

    // Athletes, each screened and planned, and a live session for each stream.
    say(fmt::format("setting up {} athletes with live sessions on the virtual cuff", o.streams));
    const auto [athletes, sessions] = bench::start_live_sessions(port, me, std::max(o.streams, 1), o.streams);
    httplib::Client setup("127.0.0.1", port);

    // Watchers on the live streams, spread over the sessions, on one event loop (stream_watchers.hpp).
    // Each reads to the end of its stream.
    const int watching = sessions.empty() ? 0 : watcher_count;
    bench::StreamWatchers watchers(port, me.cookie, sessions, watching, o.seconds + 30);

    // The load starts once every stream is open ("with 50 live streams open"), not while they connect.
    for (int i = 0; i < 3000 && watchers.opened() < watching; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));

    // The fixed-rate load: request k is due at start + k / rate, sent by thread k % kLoadThreads.
    say(fmt::format("{} requests a second for {} s with {} streams open to {} watchers", o.rate, o.seconds, o.streams, watchers.opened()));
    const std::vector<std::string> paths = {"/api/me", "/api/athletes", "/api/live", "/api/athletes/{}", "/api/sessions/{}"};
    // A second of warm-up at the same rate first (the clients' connections open, each database
    // connection prepares its statements); it is sent but not counted.
    const long warmup = std::lround(o.rate * kWarmupSeconds);
    const long total = warmup + std::lround(o.rate * o.seconds);
    std::mutex m;
    std::vector<double> latencies;
    latencies.reserve(static_cast<std::size_t>(total));
    std::vector<std::vector<double>> by_second(static_cast<std::size_t>(std::ceil(o.seconds)) + 1);
    std::atomic<long> errors{0};
    const auto start = Clock::now() + std::chrono::milliseconds(200);
    std::vector<std::thread> load;
    for (int t = 0; t < kLoadThreads; ++t)
      load.emplace_back([&, t] {
        httplib::Client c("127.0.0.1", port);
        c.set_keep_alive(true);
        c.set_tcp_nodelay(true);
        std::vector<std::pair<long, double>> mine;
        for (long k = t; k < total; k += kLoadThreads) {
          const auto due = start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(static_cast<double>(k) / o.rate));
          std::this_thread::sleep_until(due);
          auto path = paths[static_cast<std::size_t>(k) % paths.size()];
          if (path.find("{}") != std::string::npos) {
            const bool session = path.find("sessions") != std::string::npos && !sessions.empty();
            const auto& ids = session ? sessions : athletes;
            path = fmt::format(fmt::runtime(path), ids[static_cast<std::size_t>(k) % ids.size()]);
          }
          const auto r = c.Get(path.c_str(), {{"Cookie", me.cookie}});
          if (k < warmup) continue;
          mine.emplace_back(k - warmup, std::chrono::duration<double, std::milli>(Clock::now() - due).count());
          if (!r || r->status != 200) ++errors;
        }
        std::lock_guard lock(m);
        for (const auto& [k, ms] : mine) {
          latencies.push_back(ms);
          by_second[static_cast<std::size_t>(static_cast<double>(k) / o.rate)].push_back(ms);
        }
      });
    for (auto& t : load) t.join();
    const double wall = std::chrono::duration<double>(Clock::now() - start).count() - kWarmupSeconds;
    result.watchers = watchers.opened();
    result.streams_open = std::min(result.watchers, static_cast<int>(sessions.size()));
    for (const int s : sessions) bench::post(setup, me, fmt::format("/api/live/{}/stop", s), json::object());
    const auto watched = watchers.wait();
    result.watchers_complete = watched.complete;
    server.stop();
    serving.join();

    std::sort(latencies.begin(), latencies.end());
    const auto at = [&](double q) { return latencies.empty() ? 0.0 : latencies[static_cast<std::size_t>(q * static_cast<double>(latencies.size() - 1))]; };
    result.requests = static_cast<long>(latencies.size());
    result.errors = errors.load();
    result.achieved_rate = static_cast<double>(result.requests) / wall;
    result.p50_ms = at(0.5);
    result.p99_ms = at(0.99);
    result.max_ms = at(1.0);
    result.stream_frames = watched.frames;
    for (auto& second : by_second) {
      if (second.empty()) continue;
      std::sort(second.begin(), second.end());
      result.p99_by_second_ms.push_back(second[static_cast<std::size_t>(0.99 * static_cast<double>(second.size() - 1))]);
    }
  }
  if (!temp.empty())
    for (const auto* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(temp.string() + suffix);
  return result;
}

}  // namespace bfr::server

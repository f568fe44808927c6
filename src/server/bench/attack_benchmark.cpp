#include "server/bench/attack_benchmark.hpp"

#include <arpa/inet.h>
#include <fmt/format.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <vector>

#include "server/bench/bench_client.hpp"
#include "server/http/http_server.hpp"

namespace bfr::server::bench {

namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

constexpr int kSlowPerAddress = 50;      // under the server's 64 connections per address
constexpr int kWatchersPerAddress = 25;
constexpr int kFloodAddresses = 500;     // each may fail 20 sign-ins in 15 minutes: the flood never runs dry
constexpr auto kSlowTick = std::chrono::seconds(1);
constexpr int kSlowTicksPerHeaderLine = 4;  // a header line every 4 s: alive, but never done
constexpr auto kProbeEvery = std::chrono::milliseconds(50);
constexpr auto kRampUp = std::chrono::seconds(3);

// The attackers' addresses: 127.0.<block>.<1..250>, each loopback on Linux.
std::string loopback(int block, int n) { return fmt::format("127.0.{}.{}", block + n / 250, 1 + n % 250); }

// `bfr serve` on a new SQLite file, as its own process.
class ServerProcess {
 public:
  ServerProcess(const std::string& bfr, const std::filesystem::path& db) {
    int out[2];
    if (::pipe(out) != 0) throw std::runtime_error("bench attack: no pipe");
    pid_ = ::fork();
    if (pid_ < 0) throw std::runtime_error("bench attack: cannot start the server");
    if (pid_ == 0) {
      ::dup2(out[1], STDOUT_FILENO);
      ::close(out[0]);
      ::close(out[1]);
      const std::string db_arg = "sqlite:" + db.string();
      ::execl(bfr.c_str(), bfr.c_str(), "--db", db_arg.c_str(), "serve", "--port", "0", static_cast<char*>(nullptr));
      ::_exit(127);
    }
    ::close(out[1]);
    output_ = ::fdopen(out[0], "r");
    // "First start: clinic administrator EMAIL with password PASSWORD (shown once ..." and
    // "OpenBFR clinic server on http://127.0.0.1:PORT/ ...".
    const auto word_after = [](const std::string& line, const std::string& marker) {
      const auto at = line.find(marker);
      if (at == std::string::npos) return std::string();
      const auto from = at + marker.size();
      return line.substr(from, line.find_first_of(" /", from) - from);
    };
    char buffer[1024];
    while (port == 0 && std::fgets(buffer, sizeof buffer, output_)) {
      const std::string line = buffer;
      if (const auto e = word_after(line, "administrator "); !e.empty()) email = e;
      if (const auto p = word_after(line, " with password "); !p.empty()) password = p;
      if (const auto p = word_after(line, "on http://127.0.0.1:"); !p.empty()) port = std::stoi(p);
    }
    if (port == 0 || password.empty()) throw std::runtime_error("bench attack: the server did not start as expected");
    // Whatever it prints later is read, so that it never blocks on a full pipe.
    drain_ = std::thread([this] {
      char rest[1024];
      while (std::fgets(rest, sizeof rest, output_)) {
      }
    });
  }
  ~ServerProcess() {
    if (pid_ > 0) {
      ::kill(pid_, SIGTERM);
      ::waitpid(pid_, nullptr, 0);
    }
    if (drain_.joinable()) drain_.join();
    if (output_) std::fclose(output_);
  }
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  // The most memory it has held at once (VmHWM), in kB.
  [[nodiscard]] long peak_rss_kb() const {
    std::ifstream status(fmt::format("/proc/{}/status", pid_));
    for (std::string line; std::getline(status, line);)
      if (line.rfind("VmHWM:", 0) == 0) return std::stol(line.substr(6));
    return 0;
  }

  int port = 0;
  std::string email, password;

 private:
  pid_t pid_ = -1;
  FILE* output_ = nullptr;
  std::thread drain_;
};

// A connection from `source` that has sent the first line of a request and no more; -1 if it
// could not be opened.
int open_slow(const std::string& source, int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return -1;
  sockaddr_in from{}, to{};
  from.sin_family = to.sin_family = AF_INET;
  ::inet_pton(AF_INET, source.c_str(), &from.sin_addr);
  to.sin_port = htons(static_cast<std::uint16_t>(port));
  to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  constexpr std::string_view kStart = "GET /api/me HTTP/1.1\r\nHost: clinic\r\n";
  if (::bind(fd, reinterpret_cast<const sockaddr*>(&from), sizeof from) != 0 ||
      ::connect(fd, reinterpret_cast<const sockaddr*>(&to), sizeof to) != 0 || ::send(fd, kStart.data(), kStart.size(), MSG_NOSIGNAL) < 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

// Whether the server has closed (or answered and closed) this connection.
bool server_closed(int fd) {
  char byte = 0;
  const auto n = ::recv(fd, &byte, 1, MSG_DONTWAIT | MSG_PEEK);
  return n >= 0 || (errno != EAGAIN && errno != EWOULDBLOCK);
}

Latency summary(std::vector<double> ms, long failed) {
  Latency l;
  l.count = static_cast<long>(ms.size());
  l.failed = failed;
  if (ms.empty()) return l;
  std::sort(ms.begin(), ms.end());
  const auto at = [&](double q) { return ms[static_cast<std::size_t>(q * static_cast<double>(ms.size() - 1))]; };
  l.p50_ms = at(0.5);
  l.p99_ms = at(0.99);
  l.max_ms = ms.back();
  return l;
}

double ms_since(Clock::time_point t0) { return std::chrono::duration<double, std::milli>(Clock::now() - t0).count(); }

}  // namespace

bool AttackResult::target_met() const {
  int not_stopped = 0;
  for (const auto& [outcome, n] : session_outcomes) not_stopped += outcome == "stopped" ? 0 : n;
  return me.p99_ms < kAttackTargetP99Ms && stop.p99_ms < kAttackTargetP99Ms && me.failed == 0 && stop.failed == 0 && stop.count > 0 &&
         server_peak_rss_kb < kAttackTargetRssKb && not_stopped == 0;
}

AttackResult run_attack_benchmark(const AttackOptions& o) {
  const auto say = [&](const std::string& m) {
    if (o.progress) o.progress(m);
  };
  http::raise_open_file_limit();  // 1,000 slow connections and 500 watchers, on this side too
  const auto dir = std::filesystem::temp_directory_path() / fmt::format("openbfr-bench-attack-{}", ::getpid());
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  AttackResult result;
  {
    ServerProcess server(o.bfr, dir / "clinic.sqlite");
    const int port = server.port;
    const auto me = sign_in(port, server.email, server.password);
    say(fmt::format("setting up {} athletes with live sessions on the virtual cuff (real time)", o.sessions));
    const auto live = start_live_sessions(port, me, o.sessions, o.sessions);

    // Watchers, 25 to an address.
    std::atomic<int> watchers_open{0}, watchers_complete{0};
    std::vector<std::thread> watchers;
    for (int w = 0; w < (live.sessions.empty() ? 0 : o.watchers); ++w)
      watchers.emplace_back([&, w] {
        const auto s = live.sessions[static_cast<std::size_t>(w) % live.sessions.size()];
        const auto watch = watch_stream(port, me.cookie, s, loopback(2, w / kWatchersPerAddress), o.seconds + 120, [&] { ++watchers_open; });
        if (watch.complete) ++watchers_complete;
      });
    for (int i = 0; i < 3000 && watchers_open.load() < static_cast<int>(watchers.size()); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    say(fmt::format("{} watchers open; now {} slow connections and {} sign-in flooders", watchers_open.load(), o.slow, o.flooders));

    // Slow connections, 50 to an address, kept open by one thread.
    std::atomic<bool> attacking{true}, measuring{false};
    std::atomic<long> dropped{0};
    std::atomic<int> slow_lowest{o.slow};
    std::thread slow([&] {
      std::vector<int> fds(static_cast<std::size_t>(o.slow), -1);
      const auto source = [&](std::size_t i) { return loopback(10, static_cast<int>(i) / kSlowPerAddress); };
      for (std::size_t i = 0; i < fds.size(); ++i) fds[i] = open_slow(source(i), port);
      for (int tick = 1; attacking; ++tick) {
        std::this_thread::sleep_for(kSlowTick);
        int open = 0;
        for (std::size_t i = 0; i < fds.size(); ++i) {
          if (fds[i] >= 0 && server_closed(fds[i])) {
            ::close(fds[i]);
            fds[i] = -1;
            ++dropped;
          }
          if (fds[i] < 0) fds[i] = open_slow(source(i), port);
          if (fds[i] >= 0 && tick % kSlowTicksPerHeaderLine == 0) ::send(fds[i], "X-Slow: 1\r\n", 11, MSG_NOSIGNAL);
          open += fds[i] >= 0;
        }
        if (measuring) slow_lowest = std::min(slow_lowest.load(), open);
      }
      for (const int fd : fds)
        if (fd >= 0) ::close(fd);
    });

    // Wrong sign-ins for e-mail addresses with no account, each from the next of 500 addresses.
    std::mutex answers_mutex;
    std::vector<std::thread> flood;
    std::atomic<long> flood_count{0};
    for (int f = 0; f < o.flooders; ++f)
      flood.emplace_back([&] {
        std::map<int, long> mine;
        while (attacking) {
          const long k = flood_count++;
          httplib::Client c("127.0.0.1", port);
          c.set_interface(loopback(20, static_cast<int>(k % kFloodAddresses)));
          c.set_read_timeout(30, 0);
          const auto r = c.Post("/api/login", json{{"email", fmt::format("nobody{}@example.org", k)}, {"password", "wrong-guess-123"}}.dump(),
                                "application/json");
          ++mine[r ? r->status : 0];
        }
        std::lock_guard lock(answers_mutex);
        for (const auto& [status, n] : mine) result.sign_in_answers[status] += n;
      });

    std::this_thread::sleep_for(kRampUp);
    say(fmt::format("measuring for {} s: GET /api/me every 50 ms", o.seconds));
    measuring = true;
    std::vector<double> me_ms;
    long me_failed = 0;
    {
      httplib::Client c("127.0.0.1", port);
      c.set_keep_alive(true);
      c.set_tcp_nodelay(true);
      c.set_read_timeout(30, 0);
      const auto end = Clock::now() + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(o.seconds));
      for (auto due = Clock::now(); due < end; due += kProbeEvery) {
        std::this_thread::sleep_until(due);
        const auto r = c.Get("/api/me", {{"Cookie", me.cookie}});
        me_ms.push_back(ms_since(due));
        if (!r || r->status != 200) ++me_failed;
      }
    }
    // Every session stopped while the attack goes on, each stop timed.
    say("stopping every session, the attack still on");
    std::vector<double> stop_ms;
    long stop_failed = 0;
    {
      httplib::Client c("127.0.0.1", port);
      c.set_keep_alive(true);
      c.set_tcp_nodelay(true);  // as a browser: headers and body are two writes, and Nagle would hold the second 40 ms
      c.set_read_timeout(30, 0);
      for (const int s : live.sessions) {
        const auto t0 = Clock::now();
        const auto r = c.Post(fmt::format("/api/live/{}/stop", s).c_str(), {{"Cookie", me.cookie}, {"X-CSRF-Token", me.csrf}}, "{}", "application/json");
        stop_ms.push_back(ms_since(t0));
        if (!r || r->status != 200) ++stop_failed;
      }
    }
    measuring = false;
    attacking = false;
    slow.join();
    for (auto& t : flood) t.join();
    for (auto& t : watchers) t.join();

    // How each session ended, as stored.
    httplib::Client c("127.0.0.1", port);
    for (const int s : live.sessions) {
      std::string outcome = "running";
      for (int i = 0; i < 300 && outcome == "running"; ++i) {
        const auto r = c.Get(fmt::format("/api/sessions/{}", s).c_str(), {{"Cookie", me.cookie}});
        if (r && r->status == 200) outcome = json::parse(r->body).value("outcome", "running");
        if (outcome == "running") std::this_thread::sleep_for(std::chrono::milliseconds(100));
      }
      ++result.session_outcomes[outcome];
    }
    result.me = summary(std::move(me_ms), me_failed);
    result.stop = summary(std::move(stop_ms), stop_failed);
    result.slow_open_lowest = slow_lowest.load();
    result.slow_dropped = dropped.load();
    result.watchers_open = watchers_open.load();
    result.watchers_complete = watchers_complete.load();
    result.server_peak_rss_kb = server.peak_rss_kb();
  }
  std::filesystem::remove_all(dir);
  return result;
}

}  // namespace bfr::server::bench

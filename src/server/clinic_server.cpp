#include "server/clinic_server.hpp"

#include <fmt/format.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <mutex>
#include <nlohmann/json.hpp>
#include <stop_token>
#include <thread>

#include "clinic/knowledge_base.hpp"
#include "server/api.hpp"
#include "server/auth.hpp"
#include "server/clinics.hpp"
#include "server/connection_pool.hpp"
#include "server/http/http_server.hpp"
#include "server/live_sessions.hpp"
#include "server/metrics_cache.hpp"
#include "server/routes.hpp"
#include "server/same_origin.hpp"
#include "server/static_files.hpp"
#include "server/worker_lane.hpp"

namespace bfr::server {

namespace {

// The API's workers and their database connections (2 cores here; a handler mostly waits on
// the database or on a password hash).
constexpr std::size_t kApiWorkers = 8;
constexpr std::size_t kApiWaiting = 1024;  // then 503 at once: a flood is refused, not queued for minutes
// Stop, pause, resume and answers: their own workers and connections (routes.hpp).
constexpr std::size_t kControlWorkers = 2;
constexpr std::size_t kControlWaiting = 256;
// Sign-in and the other routes that hash a password: two workers (one hashing, one ready) and a
// short queue, then 503 at once. The hasher runs one hash at a time (password_hasher.hpp).
constexpr std::size_t kPasswordWorkers = 2;
constexpr std::size_t kPasswordWaiting = 32;
// How often sessions a crash left running are looked for: one is closed within this of turning
// kInterruptedAfterQuiet quiet.
constexpr auto kSweepInterruptedEvery = std::chrono::seconds(10);
// How often expired sign-ins are deleted (they are refused as soon as they expire; this keeps the
// table to the sign-ins that could still be used).
constexpr auto kPurgeSignInsEvery = std::chrono::hours(1);

// Every answer: scripts and styles only from this server (no inline script, no other origin),
// never framed, no MIME sniffing, no referrer leaving the clinic (OWASP secure headers).
constexpr const char* kContentSecurityPolicy =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

http::Headers security_headers() {
  return {{"Content-Security-Policy", kContentSecurityPolicy},
          {"X-Content-Type-Options", "nosniff"},
          {"X-Frame-Options", "DENY"},
          {"Referrer-Policy", "no-referrer"}};
}

http::Response error(int status, const std::string& message) { return reply(json{{"error", message}}, status); }

}  // namespace

struct ClinicServer::Impl {
  ServerOptions options;
  std::unique_ptr<ConnectionPool> api_db, control_db, password_db;
  clinic::KnowledgeBase kb;
  SignInGuard sign_ins;
  // One line at once for an address, then one each 15 minutes with the count.
  AuditTally unknown_sign_ins{1, std::chrono::minutes(15)};
  // A signed-in user's first 20 refusals a minute, each with its path, then their count.
  AuditTally refusals{20, std::chrono::minutes(1)};
  PasswordHasher passwords;
  EndedSignIns ended_sign_ins;
  MetricsCache metrics;
  std::unique_ptr<LiveSessions> live;  // its sessions stop (cuff first) once the server and its workers have gone
  std::unique_ptr<Services> services;
  std::unique_ptr<StaticFiles> web;
  std::unique_ptr<http::HttpServer> http;
  std::atomic<bool> run_entered{false}, run_returned{false};
  // Declared after the server: destroyed before it, so that no worker answers into a server
  // that has gone.
  std::unique_ptr<WorkerLane> api_lane, control_lane, password_lane;
  // Closes sessions a crash left running (session_recovery.hpp): declared last, so it stops first.
  std::mutex sweep_mutex;
  std::condition_variable_any sweep_wait;
  std::jthread sweeper;

  std::chrono::steady_clock::time_point last_purge{};
  void purge_expired_sign_ins() {
    last_purge = std::chrono::steady_clock::now();
    api_db->with([](store::Store& s) { return s.delete_expired_sign_ins(store::now_utc()); });
  }

  void sweep_every(std::chrono::seconds period) {
    sweeper = std::jthread([this, period](std::stop_token stop) {
      std::unique_lock lock(sweep_mutex);
      while (!sweep_wait.wait_for(lock, stop, period, [] { return false; }) && !stop.stop_requested()) {
        lock.unlock();
        try {
          close_interrupted(*api_db, *live);
          if (std::chrono::steady_clock::now() - last_purge >= kPurgeSignInsEvery) purge_expired_sign_ins();
        } catch (const std::exception& e) {  // the database may be busy or gone for a moment: try again next time
          fmt::print(stderr, "closing interrupted sessions and expired sign-ins: {}\n", e.what());
        }
        lock.lock();
      }
    });
  }

  // The client's address is the last one the trusted proxy appended to X-Forwarded-For (earlier
  // ones the client could have written itself); without one, the proxy's own address stays.
  static void through_proxy(http::Request& req) {
    const auto forwarded = req.header("x-forwarded-for");
    auto last = forwarded.substr(forwarded.rfind(',') == std::string::npos ? 0 : forwarded.rfind(',') + 1);
    last.erase(0, last.find_first_not_of(' '));
    last.erase(last.find_last_not_of(' ') + 1);
    if (!last.empty() && last.size() <= 45 && last.find_first_not_of("0123456789abcdefABCDEF.:") == std::string::npos) req.remote_addr = last;
    if (req.header("x-forwarded-proto") == "https") req.secure = true;
  }

  // A lane's workers and their database connections.
  std::pair<WorkerLane&, ConnectionPool&> workers_of(Lane lane) {
    switch (lane) {
      case Lane::control: return {*control_lane, *control_db};
      case Lane::passwords: return {*password_lane, *password_db};
      case Lane::api: break;
    }
    return {*api_lane, *api_db};
  }

  // On an event-loop thread: static files at once, API routes on their lane's workers.
  void handle(http::Request req, http::Reply answer) {
    if (!options.trusted_proxy.empty() && req.remote_addr == options.trusted_proxy) through_proxy(req);
    if (req.path.rfind("/api/", 0) != 0) return answer(static_file(req));
    auto match = find_route(req.method, req.path);
    if (!match.route) return answer(api_answer(error(match.path_known ? 405 : 404, match.path_known ? "method not allowed" : "not found")));
    if (const auto why = refused_cross_site(req)) return answer(api_answer(error(why->status, why->message)));
    const auto which = match.route->lane;
    auto job = std::make_shared<std::pair<http::Request, Match>>(std::move(req), std::move(match));
    const auto workers = workers_of(which);
    auto& db = workers.second;
    if (!workers.first.try_post([this, job, answer, &db] { answer(api_answer(run(job->first, job->second, db))); }))
      answer(api_answer(error(503, "the server is busy: please try again in a moment")));
  }

  http::Response run(const http::Request& req, const Match& m, ConnectionPool& db) {
    Call call{req, m.params, *services, db, std::nullopt};
    try {
      if (m.route->access != Access::anyone) {
        call.caller = authenticate(req, db);
        if (const auto why = refused(m.route->access, call.caller->role)) throw *why;
      }
      return m.route->handler(call);
    } catch (const HttpError& e) {
      if ((e.status == 403 || e.status == 404) && call.caller) audit_refusal(call, e.status);
      return error(e.status, e.message);
    } catch (const json::exception& e) {  // a field a handler read without checking its type
      return error(400, std::string("a field of the request has the wrong type: ") + e.what());
    } catch (const HashQueueFull& e) {
      return error(503, e.what());
    } catch (const std::invalid_argument& e) {  // the clinical engine's word on bad input
      return error(400, e.what());
    } catch (const std::exception& e) {
      return error(500, std::string("the server could not do that: ") + e.what());
    }
  }

  // A signed-in caller refused a record or an action (a probe, or a stale link): audited, a few a
  // minute each with its path, then their count.
  void audit_refusal(Call& call, int status) {
    const auto& u = call.who().user;
    const auto n = services->refusals.happened("user/" + std::to_string(u.id));
    if (!n) return;
    const auto what = fmt::format("{} {} answered {}", http::to_string(call.req.method), call.req.path, status);
    try {
      call.with_store([&](store::Store& s) {
        s.add_audit({0, u.clinic_id, u.id, "", status == 403 ? "access.refused" : "access.not_found", "user/" + std::to_string(u.id),
                     *n == 1 ? what : fmt::format("{}, and {} more refusals since the last line", what, *n - 1)});
      });
    } catch (const std::exception&) {  // the refusal is answered whether or not its line is written
    }
  }

  static http::Response api_answer(http::Response r) {
    if (!r.has_header("Cache-Control")) r.set_header("Cache-Control", "no-store");
    return r;
  }

  // The web app: every file under the web root, by exact path; anything else is 404.
  http::Response static_file(const http::Request& req) const {
    const auto* f = req.method == http::Method::get ? web->find(req.path) : nullptr;
    if (!f) return error(404, "not found");
    http::Response r;
    r.content_type = f->content_type;
    r.body = f->bytes;
    r.set_header("Cache-Control", "no-cache");
    return r;
  }
};

std::filesystem::path default_web_root() {
  if (const char* env = std::getenv("BFR_WEB_ROOT"); env && *env) return env;
  return OPENBFR_WEB_ROOT;
}

ClinicServer::ClinicServer(ServerOptions options) : impl_(std::make_unique<Impl>()) {
  init_crypto();
  auto& m = *impl_;
  m.options = std::move(options);
  // First, so that a TLS file that cannot be used is refused before anything is opened or made.
  http::ServerLimits limits;
  limits.max_body_bytes = m.options.max_body_bytes;
  limits.connections_per_address = m.options.connections_per_address;
  limits.unlimited_address = m.options.trusted_proxy;
  limits.every_answer = security_headers();
  // A browser that has seen this over TLS uses TLS only, for a year (RFC 6797).
  if (m.options.tls) limits.every_answer.emplace_back("Strict-Transport-Security", "max-age=31536000");
  m.http = std::make_unique<http::HttpServer>(
      limits, [this](http::Request req, http::Reply answer) { impl_->handle(std::move(req), std::move(answer)); }, m.options.tls);
  store::open_store(m.options.database_url);  // creates or migrates the schema once, before the pools open
  m.api_db = std::make_unique<ConnectionPool>(m.options.database_url, kApiWorkers);
  m.control_db = std::make_unique<ConnectionPool>(m.options.database_url, kControlWorkers);
  m.password_db = std::make_unique<ConnectionPool>(m.options.database_url, kPasswordWorkers);
  m.kb = clinic::load_knowledge_base(clinic::default_data_dir());
  m.live = std::make_unique<LiveSessions>(m.options.database_url, m.options.device, m.options.open_device, m.options.keep_finished_sessions,
                                          m.kb.day_checks);
  m.services = std::make_unique<Services>(Services{m.options, m.kb, m.sign_ins, m.unknown_sign_ins, m.refusals, m.passwords, m.ended_sign_ins, m.metrics, *m.live});
  m.web = std::make_unique<StaticFiles>(m.options.web_root);
  close_interrupted(*m.api_db, *m.live);
  m.purge_expired_sign_ins();
  m.sweep_every(kSweepInterruptedEvery);
  m.api_lane = std::make_unique<WorkerLane>(kApiWorkers, kApiWaiting);
  m.control_lane = std::make_unique<WorkerLane>(kControlWorkers, kControlWaiting);
  m.password_lane = std::make_unique<WorkerLane>(kPasswordWorkers, kPasswordWaiting);
  if (m.options.stop_on_signals) m.http->stop_on_signals();
}

bool ClinicServer::has_web_app() const { return impl_->web->has_app(); }

ClinicServer::~ClinicServer() = default;

std::optional<FirstAdmin> ClinicServer::ensure_first_admin() {
  return impl_->api_db->with([&](store::Store& s) -> std::optional<FirstAdmin> {
    if (!s.users(store::kLocalClinic).empty()) return std::nullopt;
    const auto a = add_admin(s, store::kLocalClinic, "admin@localhost", "first start");
    return FirstAdmin{a.email, a.password};
  });
}

int ClinicServer::bind() { return impl_->http->bind(impl_->options.host, impl_->options.port); }

void ClinicServer::run() {
  impl_->run_entered = true;
  impl_->http->run();
  impl_->run_returned = true;
}

void ClinicServer::stop() {
  impl_->http->stop();
  while (impl_->run_entered && !impl_->run_returned) std::this_thread::sleep_for(std::chrono::milliseconds(2));
}

}  // namespace bfr::server

#include "server/clinic_server.hpp"

#include <fmt/format.h>
#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <sstream>
#include <set>
#include <stop_token>
#include <thread>
#include <type_traits>

#include "clinic/knowledge_base.hpp"
#include "clinic/plan.hpp"
#include "clinic/screening.hpp"
#include "clinic/validation.hpp"
#include "clinic/to_json.hpp"
#include "report/exports.hpp"
#include "report/reports.hpp"
#include "session/session_metrics.hpp"
#include "report/session_pain.hpp"
#include "server/auth.hpp"
#include "server/clinics.hpp"
#include "server/connection_pool.hpp"
#include "server/live_sessions.hpp"
#include "server/session_recovery.hpp"
#include "server/metrics_cache.hpp"
#include "server/static_files.hpp"
#include "rig/regulation_metrics.hpp"
#include "session/event_words.hpp"
#include "session/plan_exercises.hpp"
#include "store/store.hpp"

namespace bfr::server {

namespace {

using nlohmann::json;
using store::Id;
using Req = httplib::Request;
using Res = httplib::Response;

constexpr const char* kCookie = "bfr_session";
constexpr auto kSessionLifetime = std::chrono::hours(12);  // one clinic day
constexpr int kLoginAttempts = 5;                           // per address and per account, per 15 min
constexpr auto kLoginWindow = std::chrono::minutes(15);
constexpr std::size_t kWorkers = 96;
constexpr std::size_t kConnections = 8;  // database connections for request threads (2 cores here)
// How often sessions a crash left running are looked for: one is closed within this of turning
// kInterruptedAfterQuiet quiet.
constexpr auto kSweepInterruptedEvery = std::chrono::seconds(10);

// Every answer: scripts and styles only from this server (no inline script, no other origin),
// never framed, no MIME sniffing, no referrer leaving the clinic (OWASP secure headers).
constexpr const char* kContentSecurityPolicy =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

// A request's failure: the status and a message for the person using the app.
struct HttpError {
  int status;
  std::string message;
};

json person_json(const store::Person& p) {
  return {{"id", p.id}, {"name", p.name}, {"birth_year", p.birth_year ? json(*p.birth_year) : json()},
          {"sex", p.sex ? json(*p.sex) : json()}, {"created_at", p.created_at}};
}

json user_json(const store::User& u) {
  return {{"id", u.id}, {"clinic_id", u.clinic_id}, {"email", u.email}, {"name", u.name}, {"role", u.role},
          {"person_id", u.person_id ? json(*u.person_id) : json()}};
}

json session_json(const store::Session& s, const session::SessionMetrics& m) {
  return {{"id", s.id}, {"person_id", s.person_id}, {"plan_id", s.plan_id ? json(*s.plan_id) : json()},
          {"started_at", s.started_at}, {"ended_at", s.ended_at ? json(*s.ended_at) : json()}, {"device", s.device},
          {"simulated", s.simulated}, {"outcome", s.outcome}, {"lop_mmHg", s.lop_mmHg ? json(*s.lop_mmHg) : json()},
          {"in_band_pct", m.in_band_pct ? json(*m.in_band_pct) : json()}, {"restriction_s", m.restriction_s}, {"sets", m.sets},
          {"highest_mmHg", m.highest_mmHg}};
}

// A fault the virtual cuff develops on request, so that a clinic can rehearse what one looks like
// on the screen (the end card, the alarm, the report). It starts 150 s of device time in: after the
// day-of-session questions and the LOP measurement (about 40 s), in the first sets.
constexpr double kRehearsalFaultAtS = 150.0;

std::vector<sim::FaultSpec> rehearsal(const json& body) {
  if (!body.contains("rehearse_fault") || body["rehearse_fault"].is_null()) return {};
  const auto& name = body["rehearse_fault"];
  static constexpr sim::FaultKind kRehearsable[] = {sim::FaultKind::large_leak, sim::FaultKind::cuff_off};
  for (const auto kind : kRehearsable)
    if (name.is_string() && name.get<std::string>() == sim::to_string(kind))
      return {{kind, units::at_seconds(kRehearsalFaultAtS), std::nullopt, sim::default_severity(kind)}};
  throw HttpError{400, "'rehearse_fault' must be large_leak or cuff_off (a rehearsal on the virtual cuff)"};
}

std::string expires_in(std::chrono::hours h) {
  const auto t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now() + h);
  std::tm tm{};
  gmtime_r(&t, &tm);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.000Z", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
                     tm.tm_sec);
}

std::optional<std::string> cookie(const httplib::Request& req, const std::string& name) {
  const auto header = req.get_header_value("Cookie");
  std::istringstream in(header);
  for (std::string part; std::getline(in, part, ';');) {
    const auto start = part.find_first_not_of(' ');
    if (start == std::string::npos) continue;
    part = part.substr(start);
    if (part.rfind(name + "=", 0) == 0) return part.substr(name.size() + 1);
  }
  return std::nullopt;
}

json body_json(const httplib::Request& req) {
  auto j = json::parse(req.body, nullptr, false);
  if (j.is_discarded() || !j.is_object()) throw HttpError{400, "the request body must be a JSON object"};
  return j;
}

std::string need_string(const json& j, const char* key, std::size_t max_len = 200) {
  if (!j.contains(key) || !j[key].is_string()) throw HttpError{400, fmt::format("'{}' is required and must be text", key)};
  auto v = j[key].get<std::string>();
  if (v.empty() || v.size() > max_len) throw HttpError{400, fmt::format("'{}' must be 1 to {} characters", key, max_len)};
  return v;
}

// An optional field of a request body: `fallback` when absent or null, and a 400 that names the
// field and the type it needs when it has another (never the JSON library's 500).
template <class T>
T optional_field(const json& j, const char* key, T fallback) {
  if (!j.contains(key) || j[key].is_null()) return fallback;
  const auto& v = j[key];
  if constexpr (std::is_same_v<T, bool>) {
    if (!v.is_boolean()) throw HttpError{400, fmt::format("'{}' must be true or false", key)};
  } else if constexpr (std::is_integral_v<T>) {
    if (!v.is_number_integer()) throw HttpError{400, fmt::format("'{}' must be a whole number", key)};
  } else if constexpr (std::is_floating_point_v<T>) {
    if (!v.is_number()) throw HttpError{400, fmt::format("'{}' must be a number", key)};
  } else if constexpr (std::is_same_v<T, std::string>) {
    if (!v.is_string()) throw HttpError{400, fmt::format("'{}' must be text", key)};
  } else {
    static_assert(std::is_same_v<T, std::vector<std::string>>, "a body field is a bool, a number, text or a list of text");
    if (!v.is_array() || !std::all_of(v.begin(), v.end(), [](const json& e) { return e.is_string(); }))
      throw HttpError{400, fmt::format("'{}' must be a list of text", key)};
  }
  return v.get<T>();
}

Id path_id(const httplib::Request& req, std::size_t i = 1) {
  try {
    return std::stoll(req.matches[i].str());
  } catch (const std::exception&) {
    throw HttpError{404, "not found"};
  }
}

// A new password from the body: checked against the rules (password_problem), returned hashed.
std::string new_password_hash(const json& body, const char* key) {
  const auto password = need_string(body, key, 256);
  if (const auto why = password_problem(password); !why.empty()) throw HttpError{400, why};
  return hash_password(password);
}

}  // namespace

struct ClinicServer::Impl {
  ServerOptions options;
  std::unique_ptr<ConnectionPool> pool;
  clinic::KnowledgeBase kb;
  RateLimiter logins{kLoginAttempts, kLoginWindow};
  httplib::Server http;
  // httplib's stop() does nothing until listening has begun, so a stop() that came between
  // bind() and listening was lost and run() never returned (a test's TearDown hung once in
  // 30). run() says when it has entered and returned; stop() repeats until it has.
  std::atomic<bool> stopping{false}, run_entered{false}, run_returned{false};
  std::unique_ptr<StaticFiles> web;
  MetricsCache metrics;
  std::unique_ptr<LiveSessions> live;  // its sessions stop (cuff first) before anything but the sweeper goes
  // Closes sessions a crash left running (session_recovery.hpp): declared last, so it stops first.
  std::mutex sweep_mutex;
  std::condition_variable_any sweep_wait;
  std::jthread sweeper;

  struct Caller {
    store::User user;
    store::AuthSession session;
  };

  template <class F>
  auto with_store(F&& f) {
    return pool->with(std::forward<F>(f));
  }

  void close_interrupted() {
    with_store([&](store::Store& s) {
      const auto closed = close_interrupted_sessions(s, [&](store::Id id) { return live->owns(id); }, std::chrono::system_clock::now());
      for (const auto& c : closed) {
        const auto session = s.session(c.session);
        const auto person = session ? s.person(session->person_id) : std::nullopt;
        s.add_audit({0, person ? person->clinic_id : store::kLocalClinic, std::nullopt, "", "session.interrupted", "session/" + std::to_string(c.session),
                     "left running by a crash; closed at its last sample, " + c.ended_at});
      }
    });
  }
  void sweep_every(std::chrono::seconds period) {
    sweeper = std::jthread([this, period](std::stop_token stop) {
      std::unique_lock lock(sweep_mutex);
      while (!sweep_wait.wait_for(lock, stop, period, [] { return false; }) && !stop.stop_requested()) {
        lock.unlock();
        try {
          close_interrupted();
        } catch (const std::exception& e) {  // the database may be busy or gone for a moment: try again next time
          fmt::print(stderr, "closing interrupted sessions: {}\n", e.what());
        }
        lock.lock();
      }
    });
  }

  void audit(const Caller& c, const std::string& action, const std::string& object, const std::string& detail = {}) {
    with_store([&](store::Store& s) { s.add_audit({0, c.user.clinic_id, c.user.id, "", action, object, detail}); });
  }

  // Who is asking; throws 401 without a valid session, 403 for a change without the CSRF token.
  Caller caller(const httplib::Request& req) {
    const auto token = cookie(req, kCookie);
    if (!token) throw HttpError{401, "please sign in"};
    const auto who = with_store([&](store::Store& s) { return s.signed_in(token_hash(*token)); });
    if (!who || who->session.expires_at < store::now_utc()) throw HttpError{401, "your sign-in has expired: please sign in again"};
    if (req.method != "GET" && !same_secret(req.get_header_value("X-CSRF-Token"), who->session.csrf_token))
      throw HttpError{403, "missing or wrong CSRF token"};
    return Caller{who->user, who->session};
  }

  static bool is_staff(const store::User& u) { return u.role == "admin" || u.role == "clinician"; }

  // The person, if this caller may see them; 404 otherwise (another clinic's people do not exist).
  store::Person visible_person(const Caller& c, Id id) {
    const auto p = with_store([&](store::Store& s) { return s.person(id); });
    if (!p || p->clinic_id != c.user.clinic_id || (!is_staff(c.user) && c.user.person_id != p->id)) throw HttpError{404, "no such athlete"};
    return *p;
  }
  store::Person editable_person(const Caller& c, Id id) {
    auto p = visible_person(c, id);
    if (!is_staff(c.user)) throw HttpError{403, "only clinicians can change an athlete's records"};
    return p;
  }
  store::Session visible_session(const Caller& c, Id id) {
    const auto s = with_store([&](store::Store& st) { return st.session(id); });
    if (!s) throw HttpError{404, "no such session"};
    try {
      visible_person(c, s->person_id);
    } catch (const HttpError&) {
      throw HttpError{404, "no such session"};
    }
    return *s;
  }

  // Routes: each handler may throw HttpError; the wrapper answers it as JSON.
  using Handler = std::function<void(const httplib::Request&, httplib::Response&)>;
  Handler guarded(Handler h) {
    return [h = std::move(h)](const httplib::Request& req, httplib::Response& res) {
      try {
        h(req, res);
      } catch (const HttpError& e) {
        res.status = e.status;
        res.set_content(json{{"error", e.message}}.dump(), "application/json");
      } catch (const std::invalid_argument& e) {  // the clinical engine's word on bad input
        res.status = 400;
        res.set_content(json{{"error", e.what()}}.dump(), "application/json");
      } catch (const std::exception& e) {
        res.status = 500;
        res.set_content(json{{"error", std::string("the server could not do that: ") + e.what()}}.dump(), "application/json");
      }
    };
  }
  static void reply(httplib::Response& res, const json& j, int status = 200) {
    res.status = status;
    res.set_content(j.dump(), "application/json");
  }

  void login(const httplib::Request& req, httplib::Response& res) {
    const auto body = body_json(req);
    const auto email = store::normalised_email(need_string(body, "email", 254));
    const auto password = need_string(body, "password", 256);
    const auto by_address = "addr:" + req.remote_addr, by_account = "acct:" + email;
    if (!logins.allowed(by_address) || !logins.allowed(by_account))
      throw HttpError{429, "too many failed sign-ins: wait 15 minutes"};
    const auto user = with_store([&](store::Store& s) { return s.user_by_email(email); });
    if (!user || !verify_password(password, user->password_hash)) {
      logins.failed(by_address);
      logins.failed(by_account);
      if (user) with_store([&](store::Store& s) { s.add_audit({0, user->clinic_id, std::nullopt, "", "user.login_failed", "user/" + std::to_string(user->id), req.remote_addr}); });
      throw HttpError{401, "wrong e-mail address or password"};
    }
    logins.succeeded(by_address);
    logins.succeeded(by_account);
    const auto token = random_token();
    store::AuthSession session{token_hash(token), user->id, random_token(), "", expires_in(std::chrono::duration_cast<std::chrono::hours>(kSessionLifetime))};
    with_store([&](store::Store& s) {
      s.add_auth_session(session);
      s.add_audit({0, user->clinic_id, user->id, "", "user.login", "user/" + std::to_string(user->id), req.remote_addr});
    });
    res.set_header("Set-Cookie", fmt::format("{}={}; HttpOnly; SameSite=Strict; Path=/; Max-Age={}", kCookie, token,
                                             std::chrono::duration_cast<std::chrono::seconds>(kSessionLifetime).count()));
    reply(res, {{"user", user_json(*user)}, {"csrf_token", session.csrf_token}});
  }

  void routes() {
    http.Post("/api/login", guarded([this](const Req& req, Res& res) { login(req, res); }));
    http.Post("/api/logout", guarded([this](const Req& req, Res& res) {
      const auto c = caller(req);
      with_store([&](store::Store& s) { s.delete_auth_session(c.session.token_hash); });
      audit(c, "user.logout", "user/" + std::to_string(c.user.id));
      res.set_header("Set-Cookie", fmt::format("{}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0", kCookie));
      reply(res, {{"signed_out", true}});
    }));
    http.Get("/api/me", guarded([this](const Req& req, Res& res) {
      const auto c = caller(req);
      const auto clinic = with_store([&](store::Store& s) { return s.clinic(c.user.clinic_id); });
      reply(res, {{"user", user_json(c.user)}, {"clinic", clinic ? clinic->name : ""}, {"csrf_token", c.session.csrf_token},
                  {"notice", clinic::kNotAdvice}});
    }));

    http.Post("/api/me/password", guarded([this](const Req& req, Res& res) {
      const auto c = caller(req);
      const auto body = body_json(req);
      if (!verify_password(need_string(body, "current_password", 256), c.user.password_hash))
        throw HttpError{403, "the current password is wrong"};
      const auto hash = new_password_hash(body, "new_password");
      with_store([&](store::Store& s) { s.set_password_hash(c.user.id, hash, c.session.token_hash); });
      audit(c, "user.password", "user/" + std::to_string(c.user.id));
      reply(res, {{"changed", true}, {"other_sign_ins_ended", true}});
    }));

    http.Get("/api/athletes", guarded([this](const Req& req, Res& res) {
      const auto c = caller(req);
      json out = json::array();
      for (const auto& p : with_store([&](store::Store& s) { return s.people(c.user.clinic_id); }))
        if (is_staff(c.user) || c.user.person_id == p.id) out.push_back(person_json(p));
      reply(res, out);
    }));
    http.Post("/api/athletes", guarded([this](const Req& req, Res& res) {
      const auto c = caller(req);
      if (!is_staff(c.user)) throw HttpError{403, "only clinicians can add athletes"};
      const auto body = body_json(req);
      store::Person p;
      p.name = need_string(body, "name");
      p.clinic_id = c.user.clinic_id;
      if (body.contains("birth_year") && !body["birth_year"].is_null()) {
        if (!body["birth_year"].is_number_integer() || body["birth_year"].get<int>() < 1900 || body["birth_year"].get<int>() > 2030)
          throw HttpError{400, "'birth_year' must be a year from 1900 to 2030"};
        p.birth_year = body["birth_year"].get<int>();
      }
      if (body.contains("sex") && !body["sex"].is_null()) {
        if (body["sex"] != "male" && body["sex"] != "female") throw HttpError{400, "'sex' must be male or female"};
        p.sex = body["sex"].get<std::string>();
      }
      p.id = with_store([&](store::Store& s) { return s.add_person(p); });
      audit(c, "athlete.add", "person/" + std::to_string(p.id), p.name);
      reply(res, person_json(*with_store([&](store::Store& s) { return s.person(p.id); })), 201);
    }));
    http.Get(R"(/api/athletes/(\d+))", guarded([this](const Req& req, Res& res) {
      const auto c = caller(req);
      const auto p = visible_person(c, path_id(req));
      json out = person_json(p);
      with_store([&](store::Store& s) {
        out["screenings"] = json::array();
        for (const auto& x : s.screenings(p.id)) {
          const auto verdict = clinic::verdict_named(x.verdict);  // stored in words
          out["screenings"].push_back({{"id", x.id}, {"taken_at", x.taken_at}, {"verdict", x.verdict},
                                       {"verdict_id", verdict ? json(clinic::id_of(*verdict)) : json()},
                                       {"result", json::parse(x.result_json, nullptr, false)}});
        }
        out["lop"] = json::array();
        for (const auto& m : s.lop_measurements(p.id))
          out["lop"].push_back({{"id", m.id}, {"measured_at", m.measured_at}, {"lop_mmHg", m.lop_mmHg}, {"method", m.method},
                                {"limb", m.limb}, {"posture", m.posture.empty() ? json() : json(m.posture)}, {"cuff_width_cm", m.cuff_width_cm}, {"simulated", m.simulated}});
        out["plans"] = json::array();
        for (const auto& x : s.plans(p.id))
          out["plans"].push_back({{"id", x.id}, {"created_at", x.created_at}, {"program", x.program}, {"phase", x.phase}, {"plan", json::parse(x.plan_json, nullptr, false)}});
        out["sessions"] = json::array();
        for (const auto& x : s.sessions(p.id)) {
          auto j = session_json(x, metrics.of(s, x));
          // The pain trend: the session's highest score against its plan's rule.
          const auto pain = report::session_pain(s, x);
          j["pain_max"] = pain.highest ? json(*pain.highest) : json();
          j["pain_rule_max"] = pain.rule ? json(pain.rule->during_max) : json();
          j["pain_above_rule"] = pain.above_rule;
          out["sessions"].push_back(j);
        }
      });
      reply(res, out);
    }));
    // Erasure (the right to erasure): an administrator, with the athlete's name typed again; the
    // FHIR export (GET .../fhir) is the copy to keep first. Refused while a session runs.
    http.Delete(R"(/api/athletes/(\d+))", guarded([this](const Req& req, Res& res) {
      const auto c = caller(req);
      if (c.user.role != "admin") throw HttpError{403, "only a clinic administrator can erase an athlete"};
      const auto p = visible_person(c, path_id(req));
      const auto body = body_json(req);
      if (need_string(body, "confirm_name") != p.name)
        throw HttpError{400, "'confirm_name' must be the athlete's name exactly as stored, to erase them and everything recorded about them"};
      if (live->running_for(p.id)) throw HttpError{409, "this athlete has a session running: stop it first"};
      close_interrupted();
      for (const auto& r : with_store([&](store::Store& s) { return s.running_sessions(); }))
        if (r.person_id == p.id) throw HttpError{409, fmt::format("this athlete has session {} running in another program: stop it first", r.id)};
      const auto sessions = with_store([&](store::Store& s) {
        const auto n = s.sessions(p.id).size();
        s.erase_person(p.id);
        return n;
      });
      audit(c, "athlete.erase", "person/" + std::to_string(p.id));
      reply(res, {{"erased", true}, {"person_id", p.id}, {"sessions", sessions}});
    }));
    http.Post(R"(/api/athletes/(\d+)/screenings)", guarded([this](const Req& req, Res& res) {
      const auto c = caller(req);
      const auto p = editable_person(c, path_id(req));
      const auto body = body_json(req);
      const auto answers = clinic::parse_answers(body);
      const auto r = clinic::screen(answers, kb);
      const auto result = clinic::screening_to_json(kb, r);
      const auto id = with_store([&](store::Store& s) {
        return s.add_screening({0, p.id, "", clinic::to_string(r.verdict), clinic::answers_to_json(answers).dump(), result.dump()});
      });
      audit(c, "screening.add", "person/" + std::to_string(p.id), clinic::to_string(r.verdict));
      auto out = result;
      out["id"] = id;
      reply(res, out, 201);
    }));
    http.Post(R"(/api/athletes/(\d+)/plans)", guarded([this](const Req& req, Res& res) {
      const auto c = caller(req);
      const auto p = editable_person(c, path_id(req));
      const auto body = body_json(req);
      const auto screenings = with_store([&](store::Store& s) { return s.screenings(p.id); });
      if (screenings.empty()) throw HttpError{409, "screen this athlete before planning"};
      clinic::PlanRequest pr;
      pr.screening = clinic::parse_answers(json::parse(screenings.back().answers_json));
      pr.injury = need_string(body, "injury");
      pr.phase = optional_field(body, "phase", 1);
      pr.equipment = optional_field(body, "equipment", std::vector<std::string>{});
      pr.cleared = optional_field(body, "cleared", false);
      pr.goal = optional_field(body, "goal", std::string("strength_and_fitness"));
      pr.bone_site = optional_field(body, "bone_site", std::string());
      pr.graft = optional_field(body, "graft", std::string());
      if (body.contains("energy")) {
        if (!body["energy"].is_object()) throw HttpError{400, "energy must be an object of question id to true or false"};
        for (const auto& [id, yes] : body["energy"].items()) {
          if (!yes.is_boolean()) throw HttpError{400, "energy." + id + " must be true or false"};
          pr.energy[id] = yes.get<bool>();
        }
      }
      if (body.contains("lop_mmHg") && !body["lop_mmHg"].is_null()) {
        // By posture: one posture's LOP is never used for another (Hughes et al. 2018).
        const auto& l = body["lop_mmHg"];
        if (!l.is_object()) throw HttpError{400, "lop_mmHg must name the posture it was measured in, e.g. {\"seated\": 204}"};
        for (const auto& [posture, mmHg] : l.items()) {
          if (!mmHg.is_number()) throw HttpError{400, "lop_mmHg." + posture + " must be a number of mmHg"};
          pr.lop_mmHg[posture] = mmHg.get<double>();
        }
      }
      const auto plan = clinic::make_plan(pr, kb);
      auto j = clinic::plan_to_json(kb, plan);
      if (plan.refusal) {
        reply(res, j, 422);
        return;
      }
      const auto id = with_store([&](store::Store& s) { return s.add_plan({0, p.id, "", plan.program, plan.phase, j.dump()}); });
      audit(c, "plan.add", "person/" + std::to_string(p.id), plan.program + " phase " + plan.phase);
      j["id"] = id;
      reply(res, j, 201);
    }));
    http.Get(R"(/api/athletes/(\d+)/fhir)", guarded([this](const Req& req, Res& res) {
      const auto c = caller(req);
      const auto p = visible_person(c, path_id(req));
      reply(res, with_store([&](store::Store& s) { return report::fhir_bundle(s, p.id); }));
    }));

    http.Get(R"(/api/sessions/(\d+))", guarded([this](const Req& req, Res& res) {
      const auto c = caller(req);
      const auto s = visible_session(c, path_id(req));
      with_store([&](store::Store& st) {
        auto out = session_json(s, metrics.of(st, s));
        if (const auto person = st.person(s.person_id)) out["person_name"] = person->name;
        // The plan's exercises name the pain scores and judge them by their rule, and give the
        // sets planned beside the sets done.
        const auto exercises = session::exercises_of(st, s);
        int planned = 0;
        for (const auto& x : exercises) planned += static_cast<int>(x.reps.size());
        out["sets_planned"] = planned ? json(planned) : json();
        out["events"] = json::array();
        for (const auto& e : st.events(s.id))
          if (e.kind != "command") out["events"].push_back({{"t_ms", e.t_ms}, {"kind", e.kind}, {"text", session::in_words(e)}});
        out["pain"] = json::array();
        for (const auto& p : st.pain_scores(s.id)) {
          const auto x = std::find_if(exercises.begin(), exercises.end(), [&](const auto& e) { return e.id == p.exercise; });
          json row = {{"exercise", p.exercise}, {"name", x != exercises.end() ? x->name : p.exercise}, {"score", p.score}};
          if (x != exercises.end()) row["rule_max"] = x->pain.during_max, row["site"] = x->pain.site;
          out["pain"].push_back(row);
        }
        reply(res, out);
      });
    }));
    http.Get(R"(/api/sessions/(\d+)/samples)", guarded([this](const Req& req, Res& res) {
      const auto c = caller(req);
      const auto s = visible_session(c, path_id(req));
      // Columns, for a chart: time (s), pressure and setpoint (mmHg), phase.
      json t = json::array(), p = json::array(), sp = json::array(), ph = json::array();
      for (const auto& x : with_store([&](store::Store& st) { return st.samples(s.id); })) {
        t.push_back(static_cast<double>(x.t_ms) / 1000.0);
        p.push_back(x.pressure_mmHg);
        sp.push_back(x.setpoint_mmHg ? json(*x.setpoint_mmHg) : json());
        ph.push_back(x.phase);
      }
      reply(res, {{"simulated", s.simulated}, {"band_fraction", rig::kExerciseBand}, {"t_s", t}, {"pressure_mmHg", p}, {"setpoint_mmHg", sp}, {"phase", ph}});
    }));
    http.Get(R"(/api/sessions/(\d+)/export\.csv)", guarded([this](const Req& req, Res& res) {
      const auto c = caller(req);
      const auto s = visible_session(c, path_id(req));
      res.set_content(with_store([&](store::Store& st) { return report::samples_csv(st, s.id); }), "text/csv");
      res.set_header("Content-Disposition", fmt::format("attachment; filename=\"bfr-session-{}.csv\"", s.id));
    }));
    http.Get(R"(/api/sessions/(\d+)/report\.(png|svg|pdf))", guarded([this](const Req& req, Res& res) {
      const auto c = caller(req);
      const auto s = visible_session(c, path_id(req));
      const auto ext = req.matches[2].str();
      const auto file = std::filesystem::temp_directory_path() / ("openbfr-report-" + random_token().substr(0, 16) + "." + ext);
      with_store([&](store::Store& st) { report::render_session_report(st, s.id, report::parse_format(ext), file); });
      std::string bytes(std::filesystem::file_size(file), '\0');
      std::ifstream(file, std::ios::binary).read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
      std::filesystem::remove(file);
      res.set_content(bytes, ext == "png" ? "image/png" : ext == "svg" ? "image/svg+xml" : "application/pdf");
    }));

    // Live sessions on the virtual cuff.
    http.Post(R"(/api/athletes/(\d+)/sessions)", guarded([this](const Req& req, Res& res) {
      const auto c = caller(req);
      const auto p = editable_person(c, path_id(req));
      const auto body = body_json(req);
      if (!body.contains("plan_id") || !body["plan_id"].is_number_integer()) throw HttpError{400, "'plan_id' is required"};
      const auto plan = with_store([&](store::Store& s) { return s.plan(body["plan_id"].get<Id>()); });
      if (!plan || plan->person_id != p.id) throw HttpError{404, "no such plan for this athlete"};
      const double speed = optional_field(body, "speed", 1.0), rep_seconds = optional_field(body, "rep_seconds", 2.0);
      if (speed < 1.0 || speed > 10.0) throw HttpError{400, "'speed' must be 1 to 10 (times real time, virtual cuff only)"};
      if (speed != 1.0 && !live->virtual_cuff()) throw HttpError{400, "'speed' applies to the virtual cuff only: a connected cuff runs in real time"};
      if (rep_seconds < 1.0 || rep_seconds > 10.0) throw HttpError{400, "'rep_seconds' must be 1 to 10"};
      const auto rehearse = rehearsal(body);
      if (!rehearse.empty() && !live->virtual_cuff()) throw HttpError{400, "a fault can be rehearsed on the virtual cuff only"};
      if (live->running_for(p.id)) throw HttpError{409, "this athlete already has a session running"};
      // One running session per athlete, also against another program on this database.
      close_interrupted();
      for (const auto& r : with_store([&](store::Store& s) { return s.running_sessions(); }))
        if (r.person_id == p.id)
          throw HttpError{409, fmt::format("this athlete has session {} running in another program (bfr session run?) since {}", r.id, r.started_at)};
      if (live->device_busy()) throw HttpError{409, "the connected cuff is in use by another session"};
      const auto id = live->start(c.user.clinic_id, p.id, plan->id, session::exercises_from_plan(plan->plan_json), speed, rep_seconds, rehearse);
      const auto s = live->find(c.user.clinic_id, id);
      const bool simulated = !s || s->simulated;
      audit(c, "session.start", "session/" + std::to_string(id),
            live->device_label() + (rehearse.empty() ? "" : fmt::format(", rehearsing {}", sim::to_string(rehearse.front().kind))));
      reply(res, {{"session_id", id}, {"simulated", simulated}}, 201);
    }));
    http.Get("/api/live", guarded([this](const Req& req, Res& res) {
      const auto c = caller(req);
      json out = json::array();
      for (const auto& s : live->in_clinic(c.user.clinic_id))
        if (s->running && (is_staff(c.user) || c.user.person_id == s->person)) out.push_back({{"session_id", s->session}, {"person_id", s->person}});
      reply(res, out);
    }));
    http.Get(R"(/api/live/(\d+)/stream)", guarded([this](const Req& req, Res& res) {
      const auto c = caller(req);
      const auto s = live->find(c.user.clinic_id, path_id(req));
      if (!s || (!is_staff(c.user) && c.user.person_id != s->person)) throw HttpError{404, "no such live session"};
      // Server-sent events, 10 a second: the view, new messages, the question, the end.
      // A browser that reconnects sends the id of the last event it had: messages go on from there.
      auto next = std::make_shared<std::size_t>(0);
      if (const auto last = req.get_header_value("Last-Event-ID"); !last.empty() && last.size() < 10 &&
                                                                       last.find_first_not_of("0123456789") == std::string::npos)
        *next = std::stoul(last);
      res.set_header("Cache-Control", "no-store");
      res.set_chunked_content_provider("text/event-stream", [s, next](std::size_t, httplib::DataSink& sink) {
        const auto b = s->display.since(*next);
        *next = b.next_message;
        json msgs = json::array();
        for (const auto& [level, text] : b.messages) msgs.push_back({{"level", session::to_string(level)}, {"text", text}});
        const auto& v = b.view;
        const auto maybe = [](const std::optional<double>& x) { return x ? json(*x) : json(); };
        const json state = {{"step", session::to_string(v.step)}, {"stage", v.stage}, {"fraction", v.stage_fraction},
                            {"seconds_left", v.seconds_left}, {"pressure_mmHg", v.pressure_mmHg}, {"setpoint_mmHg", maybe(v.setpoint_mmHg)},
                            {"lop_mmHg", maybe(v.lop_mmHg)}, {"target_pct", maybe(v.target_pct)}, {"set", v.set}, {"sets", v.sets}, {"next", v.next}, {"session_left_s", v.session_seconds_left},
                            {"can_pause", v.can_pause}, {"rep", v.rep}, {"reps", v.reps}, {"alarm", v.alarm}, {"messages", msgs},
                            {"device_s", v.device_s}, {"band_fraction", rig::kExerciseBand},
                            {"question", b.question ? json(*b.question) : json()},
                            {"answer_kind", session::to_string(b.answer_kind)}, {"finished", b.finished}, {"outcome", b.outcome}, {"detail", b.detail},
                            {"simulated", s->simulated.load()}};
        const auto frame = "id: " + std::to_string(*next) + "\ndata: " + state.dump() + "\n\n";
        if (!sink.write(frame.data(), frame.size())) return false;
        if (b.finished) {
          sink.done();
          return true;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        return true;
      });
    }));
    http.Post(R"(/api/live/(\d+)/(pause|resume|stop|answer))", guarded([this](const Req& req, Res& res) {
      const auto c = caller(req);
      const auto s = live->find(c.user.clinic_id, path_id(req));
      if (!s || (!is_staff(c.user) && c.user.person_id != s->person)) throw HttpError{404, "no such live session"};
      const auto action = req.matches[2].str();
      if (action == "answer") {
        const auto body = body_json(req);
        s->op.post_answer(need_string(body, "text", 100));
      } else if (action == "stop") {
        s->op.post_control(session::Control::stop);  // anyone who can see the session may stop it: stopping is always safe
      } else {
        if (!is_staff(c.user)) throw HttpError{403, "only clinicians can pause or resume"};
        s->op.post_control(action == "pause" ? session::Control::pause : session::Control::resume);
      }
      audit(c, "session." + action, "session/" + std::to_string(s->session));
      reply(res, {{"ok", true}});
    }));

    http.Get("/api/evidence", guarded([this](const Req& req, Res& res) {
      caller(req);
      json out = {{"notice", clinic::kNotAdvice}, {"claims", json::array()}};
      for (const auto& claim : kb.claims)
        out["claims"].push_back({{"id", claim.id}, {"topic", claim.topic}, {"grade", claim.grade}, {"claim", claim.claim},
                                 {"sources", clinic::cited(kb, claim.sources)}});
      reply(res, out);
    }));

    // What the app's forms offer, from the knowledge base: screening questions, programs,
    // equipment, goals and the postures LOP is measured in.
    http.Get("/api/forms", guarded([this](const Req& req, Res& res) {
      caller(req);
      json items = json::array(), injuries = json::array(), equipment = json::array();
      for (const auto& i : kb.items) items.push_back({{"id", i.id}, {"question", i.question}, {"level", clinic::to_string(i.level)}});
      for (const auto& p : kb.programs.programs) {
        json sites = json::array();
        for (const auto& s : p.bone_sites) sites.push_back({{"id", s.id}, {"name", s.name}});
        json phases = json::array();
        for (std::size_t n = 0; n < p.phases.size(); ++n)
          phases.push_back({{"number", n + 1}, {"name", p.phases[n].name}, {"pct_lop", p.phases[n].pct_lop_leg}});
        injuries.push_back({{"id", p.id}, {"name", p.name}, {"phases", phases}, {"bone_sites", sites}, {"graft_types", p.graft_types}});
      }
      json energy = json::array();
      for (const auto& q : kb.programs.bone_stress.energy_questions) energy.push_back({{"id", q.id}, {"question", q.question}});
      injuries.push_back({{"id", "healthy"}, {"name", "Healthy runner (no injury)"}});
      std::set<std::string> kit;
      for (const auto& e : kb.programs.exercises)
        for (const auto& k : e.equipment_any)
          if (!clinic::contains(clinic::kEquipmentEveryoneHas, k)) kit.insert(k);  // nothing to tick for what everyone has
      for (const auto& k : kit) equipment.push_back(k);
      const auto bounds = [](clinic::Bounds b) { return json::array({b.lo, b.hi}); };
      const json person_bounds = {{"age", bounds(clinic::kAgeYears)}, {"height_cm", bounds(clinic::kHeightCm)}, {"weight_kg", bounds(clinic::kWeightKg)}};
      reply(res, {{"screening_items", items}, {"person_bounds", person_bounds}, {"injuries", injuries}, {"equipment", equipment},
                  {"goals", clinic::kPlanGoals}, {"postures", clinic::kPostures},
                  {"bone_stress", {{"high_risk_sites", kb.programs.bone_stress.high_risk_sites}, {"energy_questions", energy}}}, {"device", {{"virtual", live->virtual_cuff()}, {"label", live->device_label()}}},
                  {"notice", clinic::kNotAdvice}});
    }));

    http.Get("/api/users", guarded([this](const Req& req, Res& res) {
      const auto c = caller(req);
      if (c.user.role != "admin") throw HttpError{403, "only a clinic administrator can list accounts"};
      json out = json::array();
      for (const auto& u : with_store([&](store::Store& s) { return s.users(c.user.clinic_id); })) out.push_back(user_json(u));
      reply(res, out);
    }));
    // A forgotten password: the administrator sets a new one to hand over; every sign-in of that
    // account ends.
    http.Post(R"(/api/users/(\d+)/password)", guarded([this](const Req& req, Res& res) {
      const auto c = caller(req);
      if (c.user.role != "admin") throw HttpError{403, "only a clinic administrator can reset a password"};
      const auto id = path_id(req);
      const auto u = with_store([&](store::Store& s) { return s.user(id); });
      if (!u || u->clinic_id != c.user.clinic_id) throw HttpError{404, "no such account"};
      const auto body = body_json(req);
      const auto hash = new_password_hash(body, "new_password");
      with_store([&](store::Store& s) { s.set_password_hash(u->id, hash, ""); });
      audit(c, "user.password_reset", "user/" + std::to_string(u->id));
      reply(res, {{"reset", true}});
    }));
    http.Post("/api/users", guarded([this](const Req& req, Res& res) {
      const auto c = caller(req);
      if (c.user.role != "admin") throw HttpError{403, "only a clinic administrator can add accounts"};
      const auto body = body_json(req);
      store::User u;
      u.clinic_id = c.user.clinic_id;
      u.email = need_string(body, "email", 254);
      if (u.email.find('@') == std::string::npos) throw HttpError{400, "'email' must be an e-mail address"};
      u.name = need_string(body, "name");
      u.role = need_string(body, "role");
      if (u.role != "admin" && u.role != "clinician" && u.role != "athlete") throw HttpError{400, "'role' must be admin, clinician or athlete"};
      if (u.role == "athlete") {
        if (!body.contains("person_id") || !body["person_id"].is_number_integer()) throw HttpError{400, "an athlete account needs 'person_id'"};
        u.person_id = visible_person(c, body["person_id"].get<Id>()).id;
      }
      u.password_hash = new_password_hash(body, "password");
      const auto id = with_store([&](store::Store& s) {
        if (s.user_by_email(u.email)) throw HttpError{409, "an account with that e-mail address exists"};
        return s.add_user(u);
      });
      audit(c, "user.add", "user/" + std::to_string(id), u.role);
      u.id = id;
      u.email = store::normalised_email(u.email);
      reply(res, user_json(u), 201);
    }));
    http.Get("/api/audit", guarded([this](const Req& req, Res& res) {
      const auto c = caller(req);
      if (c.user.role != "admin") throw HttpError{403, "only a clinic administrator can read the audit log"};
      json out = json::array();
      for (const auto& e : with_store([&](store::Store& s) { return s.audit(c.user.clinic_id); }))
        out.push_back({{"id", e.id}, {"at", e.at}, {"user_id", e.user_id ? json(*e.user_id) : json()}, {"action", e.action},
                       {"object", e.object}, {"detail", e.detail}});
      reply(res, out);
    }));
  }
};

// The web app: every file under the web root, by exact path; anything else is the API's 404.
void serve_web_app(httplib::Server& http, const StaticFiles& web) {
  http.Get(R"(/(?!api/).*)", [&web](const Req& req, Res& res) {
    const auto* f = web.find(req.path);
    if (!f) {
      res.status = 404;
      return;
    }
    res.set_header("Cache-Control", "no-cache");
    res.set_content(f->bytes, f->content_type);
  });
}

std::filesystem::path default_web_root() {
  if (const char* env = std::getenv("BFR_WEB_ROOT"); env && *env) return env;
  return OPENBFR_WEB_ROOT;
}

ClinicServer::ClinicServer(ServerOptions options) : impl_(std::make_unique<Impl>()) {
  init_crypto();
  impl_->options = std::move(options);
  store::open_store(impl_->options.database_url);  // creates or migrates the schema once, before the pool opens
  impl_->pool = std::make_unique<ConnectionPool>(impl_->options.database_url, kConnections);
  impl_->kb = clinic::load_knowledge_base(clinic::default_data_dir());
  impl_->live = std::make_unique<LiveSessions>(impl_->options.database_url, impl_->options.device, impl_->options.keep_finished_sessions,
                                               impl_->kb.day_checks);
  impl_->close_interrupted();
  impl_->sweep_every(kSweepInterruptedEvery);
  impl_->http.set_payload_max_length(impl_->options.max_body_bytes);
  // Live streams hold a worker each: room for 50 watchers and the API beside them.
  impl_->http.new_task_queue = [] { return new httplib::ThreadPool(kWorkers); };
  impl_->http.set_read_timeout(std::chrono::seconds(10));
  // Small JSON answers: without TCP_NODELAY, Nagle's algorithm and delayed ACKs add 40 ms to
  // each (measured with bfr bench serve: p50 44 ms before, below 1 ms after).
  impl_->http.set_tcp_nodelay(true);
  impl_->http.set_error_handler([](const httplib::Request&, httplib::Response& res) {
    if (!res.body.empty()) return;
    const char* what = res.status == 413 ? "the request is too large" : res.status == 404 ? "not found" : "bad request";
    res.set_content(json{{"error", what}}.dump(), "application/json");
  });
  impl_->http.set_post_routing_handler([](const httplib::Request& req, httplib::Response& res) {
    res.set_header("Content-Security-Policy", kContentSecurityPolicy);
    res.set_header("X-Content-Type-Options", "nosniff");
    res.set_header("X-Frame-Options", "DENY");
    res.set_header("Referrer-Policy", "no-referrer");
    if (req.path.rfind("/api/", 0) == 0 && !res.has_header("Cache-Control")) res.set_header("Cache-Control", "no-store");
  });
  impl_->routes();
  impl_->web = std::make_unique<StaticFiles>(impl_->options.web_root);
  serve_web_app(impl_->http, *impl_->web);
}

bool ClinicServer::has_web_app() const { return impl_->web->has_app(); }

ClinicServer::~ClinicServer() = default;

std::optional<FirstAdmin> ClinicServer::ensure_first_admin() {
  return impl_->with_store([&](store::Store& s) -> std::optional<FirstAdmin> {
    if (!s.users(store::kLocalClinic).empty()) return std::nullopt;
    const auto a = add_admin(s, store::kLocalClinic, "admin@localhost", "first start");
    return FirstAdmin{a.email, a.password};
  });
}

int ClinicServer::bind() {
  const int port = impl_->options.port == 0 ? impl_->http.bind_to_any_port(impl_->options.host)
                                             : (impl_->http.bind_to_port(impl_->options.host, impl_->options.port) ? impl_->options.port : -1);
  if (port < 0) throw std::runtime_error(fmt::format("cannot listen on {}:{} (in use?)", impl_->options.host, impl_->options.port));
  return port;
}

void ClinicServer::run() {
  impl_->run_entered = true;
  if (!impl_->stopping) impl_->http.listen_after_bind();
  impl_->run_returned = true;
}

void ClinicServer::request_stop() {
  impl_->stopping = true;
  impl_->http.stop();
}

void ClinicServer::stop() {
  impl_->stopping = true;
  while (impl_->run_entered && !impl_->run_returned) {
    impl_->http.stop();
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
}

}  // namespace bfr::server

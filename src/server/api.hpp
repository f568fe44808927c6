#pragma once
// What a handler of the clinic API works with (routes.hpp names them): the request, the parts of
// its path, the caller the route's access rule let in, the database connections of its lane,
// and the server's services. Handlers answer by returning a Response or by throwing HttpError.

#include <nlohmann/json.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "clinic/knowledge_base.hpp"
#include "server/audit_tally.hpp"
#include "server/auth.hpp"
#include "server/clinic_server.hpp"
#include "server/connection_pool.hpp"
#include "server/ended_sign_ins.hpp"
#include "server/http/message.hpp"
#include "server/http/path_pattern.hpp"
#include "server/live_sessions.hpp"
#include "server/metrics_cache.hpp"
#include "server/password_hasher.hpp"
#include "server/role.hpp"
#include "server/sign_in_guard.hpp"
#include "store/store.hpp"

namespace bfr::server {

using nlohmann::json;
using store::Id;

// A request's failure: the status and a message for the person using the app.
struct HttpError {
  int status;
  std::string message;
};

struct Caller {
  store::User user;
  Role role;
  store::AuthSession session;
};

// What the server holds for every handler.
struct Services {
  const ServerOptions& options;
  const clinic::KnowledgeBase& kb;
  SignInGuard& sign_ins;
  AuditTally& unknown_sign_ins;  // failed sign-ins for e-mail addresses with no account, by address
  AuditTally& refusals;          // 403 and 404 answers to a signed-in caller, by user
  PasswordHasher& passwords;
  EndedSignIns& ended_sign_ins;
  MetricsCache& metrics;
  LiveSessions& live;
};

struct Call {
  const http::Request& req;
  const http::PathParams& params;
  Services& services;
  ConnectionPool& db;            // the connections of the route's lane
  std::optional<Caller> caller;  // set on every route but those open to anyone

  template <class F>
  auto with_store(F&& f) {
    return db.with(std::forward<F>(f));
  }
  [[nodiscard]] const Caller& who() const { return *caller; }
  // A part of the path; `id`: a record's id (404 if it is not one).
  [[nodiscard]] std::string param(std::string_view name) const;
  [[nodiscard]] Id id(std::string_view name = "id") const;
  // The body as a JSON object, or 400.
  [[nodiscard]] json body() const;
  // A query parameter that is a whole number from lo to hi, `fallback` when absent, or 400 naming it.
  [[nodiscard]] std::int64_t query_number(const char* name, std::int64_t fallback, std::int64_t lo, std::int64_t hi) const;
  // Writes the caller's action to the audit log.
  void audit(const std::string& action, const std::string& object, const std::string& detail = {});
};

// Who is asking (handlers_account.cpp): 401 without a valid sign-in, 403 for a change without
// its CSRF token.
Caller authenticate(const http::Request& req, ConnectionPool& db);

// A JSON answer.
[[nodiscard]] http::Response reply(const json& j, int status = 200);

// Records the caller may see: another clinic's, or (for an athlete) anyone else's, answer 404
// exactly as records that do not exist.
store::Person visible_person(Call& call, Id id);
store::Session visible_session(Call& call, Id id);

// Closes the sessions a crash left running (session_recovery.hpp), audited.
void close_interrupted(ConnectionPool& db, LiveSessions& live);

// Checks the running sessions for one of this athlete's, also one another program runs on this
// database (after closing those a crash left running); 409 naming it.
void refuse_while_running(Call& call, Id person, std::string_view doing);

// Text that is a whole number of at most `digits` digits (no sign, nothing else); none if not.
std::optional<std::int64_t> whole_number(std::string_view text, std::size_t digits = 18);

// Body fields: text that is present and 1 to max_len characters, or 400 naming the field.
std::string need_string(const json& j, const char* key, std::size_t max_len = 200);

// An optional field: `fallback` when absent or null, and a 400 that names the field and the
// type it needs when it has another (never the JSON library's 500).
template <class T>
T optional_field(const json& j, const char* key, T fallback) {
  if (!j.contains(key) || j[key].is_null()) return fallback;
  const auto& v = j[key];
  const auto wrong = [&](const char* what) { return HttpError{400, std::string("'") + key + "' must be " + what}; };
  if constexpr (std::is_same_v<T, bool>) {
    if (!v.is_boolean()) throw wrong("true or false");
  } else if constexpr (std::is_integral_v<T>) {
    if (!v.is_number_integer()) throw wrong("a whole number");
  } else if constexpr (std::is_floating_point_v<T>) {
    if (!v.is_number()) throw wrong("a number");
  } else if constexpr (std::is_same_v<T, std::string>) {
    if (!v.is_string()) throw wrong("text");
  } else {
    static_assert(std::is_same_v<T, std::vector<std::string>>, "a body field is a bool, a number, text or a list of text");
    if (!v.is_array() || !std::all_of(v.begin(), v.end(), [](const json& e) { return e.is_string(); })) throw wrong("a list of text");
  }
  return v.get<T>();
}

// A new password from the body: checked against the rules (password_problem), returned hashed.
std::string new_password_hash(Call& call, const json& body, const char* key);

}  // namespace bfr::server

#include "server/api.hpp"

#include <fmt/format.h>

#include "server/session_recovery.hpp"

namespace bfr::server {

std::string Call::param(std::string_view name) const {
  for (const auto& [n, v] : params)
    if (n == name) return v;
  throw HttpError{404, "not found"};
}

std::optional<std::int64_t> whole_number(std::string_view text, std::size_t digits) {
  if (text.empty() || text.size() > digits || text.find_first_not_of("0123456789") != std::string_view::npos) return std::nullopt;
  return std::stoll(std::string(text));
}

Id Call::id(std::string_view name) const {
  const auto n = whole_number(param(name));
  if (!n) throw HttpError{404, "not found"};
  return *n;
}

json Call::body() const {
  auto j = json::parse(req.body, nullptr, false);
  if (j.is_discarded() || !j.is_object()) throw HttpError{400, "the request body must be a JSON object"};
  return j;
}

std::int64_t Call::query_number(const char* name, std::int64_t fallback, std::int64_t lo, std::int64_t hi) const {
  const auto text = req.query_param(name);
  if (!text) return fallback;
  const auto n = whole_number(*text);
  if (!n || *n < lo || *n > hi) throw HttpError{400, fmt::format("'{}' must be a whole number from {} to {}", name, lo, hi)};
  return *n;
}

void Call::audit(const std::string& action, const std::string& object, const std::string& detail) {
  const auto& u = who().user;
  with_store([&](store::Store& s) { s.add_audit({0, u.clinic_id, u.id, "", action, object, detail}); });
}

http::Response reply(const json& j, int status) {
  http::Response r;
  r.status = status;
  r.body = j.dump();
  return r;
}

store::Person visible_person(Call& call, Id id) {
  const auto p = call.with_store([&](store::Store& s) { return s.person(id); });
  const auto& c = call.who();
  if (!p || p->clinic_id != c.user.clinic_id || (!is_staff(c.role) && c.user.person_id != p->id)) throw HttpError{404, "no such athlete"};
  return *p;
}

store::Session visible_session(Call& call, Id id) {
  const auto s = call.with_store([&](store::Store& st) { return st.session(id); });
  if (!s) throw HttpError{404, "no such session"};
  try {
    visible_person(call, s->person_id);
  } catch (const HttpError&) {
    throw HttpError{404, "no such session"};
  }
  return *s;
}

void close_interrupted(ConnectionPool& db, LiveSessions& live) {
  db.with([&](store::Store& s) {
    const auto closed = close_interrupted_sessions(s, [&](store::Id id) { return live.owns(id); }, std::chrono::system_clock::now());
    for (const auto& c : closed) {
      const auto session = s.session(c.session);
      const auto person = session ? s.person(session->person_id) : std::nullopt;
      s.add_audit({0, person ? person->clinic_id : store::kLocalClinic, std::nullopt, "", "session.interrupted",
                   "session/" + std::to_string(c.session), "left running by a crash; closed at its last sample, " + c.ended_at});
    }
  });
}

void refuse_while_running(Call& call, Id person, std::string_view doing) {
  if (call.services.live.running_for(person)) throw HttpError{409, fmt::format("this athlete has a session running: {}", doing)};
  close_interrupted(call.db, call.services.live);
  for (const auto& r : call.with_store([&](store::Store& s) { return s.running_sessions(); }))
    if (r.person_id == person)
      throw HttpError{409, fmt::format("this athlete has session {} running in another program (bfr session run?) since {}: {}", r.id, r.started_at, doing)};
}

std::string need_string(const json& j, const char* key, std::size_t max_len) {
  if (!j.contains(key) || !j[key].is_string()) throw HttpError{400, fmt::format("'{}' is required and must be text", key)};
  auto v = j[key].get<std::string>();
  if (v.empty() || v.size() > max_len) throw HttpError{400, fmt::format("'{}' must be 1 to {} characters", key, max_len)};
  return v;
}

std::string new_password_hash(Call& call, const json& body, const char* key) {
  const auto password = need_string(body, key, 256);
  if (const auto why = password_problem(password); !why.empty()) throw HttpError{400, why};
  return call.services.passwords.hash(password);
}

}  // namespace bfr::server

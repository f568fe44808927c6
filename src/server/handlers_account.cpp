// Signing in and out, the caller's own account.

#include <fmt/format.h>

#include <ctime>
#include <sstream>

#include "clinic/to_json.hpp"
#include "server/handlers.hpp"
#include "server/records_json.hpp"

namespace bfr::server {

namespace {

constexpr const char* kCookie = "bfr_session";
constexpr auto kSessionLifetime = std::chrono::hours(12);  // one clinic day

std::string expires_in(std::chrono::hours h) {
  const auto t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now() + h);
  std::tm tm{};
  gmtime_r(&t, &tm);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.000Z", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
                     tm.tm_sec);
}

long minutes_up(std::chrono::steady_clock::duration d) {
  return std::max(1L, static_cast<long>(std::chrono::ceil<std::chrono::minutes>(d).count()));
}

std::optional<std::string> cookie(const http::Request& req, const std::string& name) {
  std::istringstream in(req.header("cookie"));
  for (std::string part; std::getline(in, part, ';');) {
    const auto start = part.find_first_not_of(' ');
    if (start == std::string::npos) continue;
    part = part.substr(start);
    if (part.rfind(name + "=", 0) == 0) return part.substr(name.size() + 1);
  }
  return std::nullopt;
}

// Several clinics share this server: sign-in must name one.
bool clinic_required(Call& call) {
  return call.with_store([](store::Store& s) { return s.clinic_count(); }) > 1;
}

// The clinic signed in to: named by its number, or on a server of one clinic, that one. A number
// no clinic has finds no account and answers like a wrong password.
store::Id sign_in_clinic(Call& call, const json& body) {
  const auto named = optional_field<std::int64_t>(body, "clinic", 0);
  if (body.contains("clinic") && !body["clinic"].is_null() && named < 1) throw HttpError{400, "'clinic' must be a clinic's number (1 or more)"};
  if (named > 0) return named;
  if (clinic_required(call))
    throw HttpError{400, "this server holds several clinics: enter your clinic's number (your clinic's administrator has it)"};
  return store::kLocalClinic;
}

}  // namespace

Caller authenticate(const http::Request& req, ConnectionPool& db) {
  const auto token = cookie(req, kCookie);
  if (!token) throw HttpError{401, "please sign in"};
  const auto who = db.with([&](store::Store& s) { return s.signed_in(token_hash(*token)); });
  if (!who || who->session.expires_at < store::now_utc()) throw HttpError{401, "your sign-in has expired: please sign in again"};
  if (req.method != http::Method::get && !same_secret(req.header("x-csrf-token"), who->session.csrf_token))
    throw HttpError{403, "missing or wrong CSRF token"};
  const auto role = role_named(who->user.role);
  if (!role) throw HttpError{403, "this account has no role this server knows"};
  return Caller{who->user, *role, who->session};
}

namespace handlers {

http::Response login(Call& call) {
  const auto body = call.body();
  const auto email = store::normalised_email(need_string(body, "email", 254));
  const auto password = need_string(body, "password", 256);
  const auto clinic = sign_in_clinic(call, body);
  const auto& addr = call.req.remote_addr;
  const auto user = call.with_store([&](store::Store& s) { return s.user_by_email(clinic, email); });
  // Counted before the hash (sign_in_guard.hpp): a flood of tries at once cannot all be hashed.
  const auto [ticket, refusal] = call.services.sign_ins.begin(SignInGuard::account_of(clinic, email), addr);
  if (!ticket) {
    if (refusal.lockout_began && user)
      call.with_store([&](store::Store& s) {
        s.add_audit({0, user->clinic_id, std::nullopt, "", "user.login_refused", "user/" + std::to_string(user->id),
                     fmt::format("{}: too many failed sign-ins, refused for {} min", addr, minutes_up(refusal.wait))});
      });
    throw HttpError{429, fmt::format("too many failed sign-ins: wait {} minutes", minutes_up(refusal.wait))};
  }
  // An unknown address is checked against a stand-in hash: it takes as long as a known one.
  if (!call.services.passwords.verify(password, user ? std::optional(user->password_hash) : std::nullopt)) {
    if (user)
      call.with_store([&](store::Store& s) {
        s.add_audit({0, user->clinic_id, std::nullopt, "", "user.login_failed", "user/" + std::to_string(user->id), addr});
      });
    else if (const auto n = call.services.unknown_sign_ins.happened(addr))
      call.with_store([&](store::Store& s) {
        s.add_audit({0, store::kLocalClinic, std::nullopt, "", "user.login_unknown", "address/" + addr,
                     fmt::format("{} failed sign-in(s) for e-mail addresses with no account", *n)});
      });
    throw HttpError{401, "wrong e-mail address or password"};
  }
  call.services.sign_ins.succeeded(*ticket);
  const auto token = random_token();
  store::AuthSession session{token_hash(token), user->id, random_token(), "", expires_in(kSessionLifetime)};
  call.with_store([&](store::Store& s) {
    s.add_auth_session(session);
    s.add_audit({0, user->clinic_id, user->id, "", "user.login", "user/" + std::to_string(user->id), addr});
  });
  auto res = reply({{"user", user_json(*user)}, {"csrf_token", session.csrf_token}});
  res.set_header("Set-Cookie", fmt::format("{}={}; HttpOnly; SameSite=Strict; Path=/; Max-Age={}{}", kCookie, token,
                                           std::chrono::duration_cast<std::chrono::seconds>(kSessionLifetime).count(),
                                           call.req.secure ? "; Secure" : ""));
  return res;
}

// What the sign-in form must ask: the clinic's number only where several clinics share the server.
http::Response sign_in_options(Call& call) {
  return reply({{"clinic_required", clinic_required(call)}});
}

http::Response logout(Call& call) {
  const auto& c = call.who();
  call.with_store([&](store::Store& s) { s.delete_auth_session(c.session.token_hash); });
  call.services.ended_sign_ins.signed_out(c.session.token_hash);
  call.audit("user.logout", "user/" + std::to_string(c.user.id));
  auto res = reply({{"signed_out", true}});
  res.set_header("Set-Cookie", fmt::format("{}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0{}", kCookie, call.req.secure ? "; Secure" : ""));
  return res;
}

http::Response me(Call& call) {
  const auto& c = call.who();
  const auto clinic = call.with_store([&](store::Store& s) { return s.clinic(c.user.clinic_id); });
  return reply({{"user", user_json(c.user)}, {"clinic", clinic ? clinic->name : ""}, {"csrf_token", c.session.csrf_token},
                {"notice", clinic::kNotAdvice}});
}

http::Response change_password(Call& call) {
  const auto& c = call.who();
  const auto body = call.body();
  if (!call.services.passwords.verify(need_string(body, "current_password", 256), c.user.password_hash)) throw HttpError{403, "the current password is wrong"};
  const auto hash = new_password_hash(call, body, "new_password");
  call.with_store([&](store::Store& s) { s.set_password_hash(c.user.id, hash, c.session.token_hash); });
  call.services.ended_sign_ins.all_of(c.user.id, c.session.token_hash);
  call.audit("user.password", "user/" + std::to_string(c.user.id));
  return reply({{"changed", true}, {"other_sign_ins_ended", true}});
}

}  // namespace handlers
}  // namespace bfr::server

// A clinic's accounts and its audit log: for its administrators.

#include <fmt/format.h>

#include <limits>

#include "server/handlers.hpp"
#include "server/records_json.hpp"

namespace bfr::server::handlers {

http::Response users(Call& call) {
  json out = json::array();
  for (const auto& u : call.with_store([&](store::Store& s) { return s.users(call.who().user.clinic_id); })) out.push_back(user_json(u));
  return reply(out);
}

// A forgotten password: the administrator sets a new one to hand over; every sign-in of that
// account ends.
http::Response reset_password(Call& call) {
  const auto id = call.id();
  const auto u = call.with_store([&](store::Store& s) { return s.user(id); });
  if (!u || u->clinic_id != call.who().user.clinic_id) throw HttpError{404, "no such account"};
  const auto hash = new_password_hash(call, call.body(), "new_password");
  call.with_store([&](store::Store& s) { s.set_password_hash(u->id, hash, ""); });
  call.services.ended_sign_ins.all_of(u->id, "");
  call.audit("user.password_reset", "user/" + std::to_string(u->id));
  return reply({{"reset", true}});
}

// Unlocks an account that failed sign-ins have locked (sign_in_guard.hpp), from every address.
http::Response unlock_user(Call& call) {
  const auto id = call.id();
  const auto u = call.with_store([&](store::Store& s) { return s.user(id); });
  if (!u || u->clinic_id != call.who().user.clinic_id) throw HttpError{404, "no such account"};
  call.services.sign_ins.unlock(SignInGuard::account_of(u->clinic_id, u->email));
  call.audit("user.unlock", "user/" + std::to_string(u->id));
  return reply({{"unlocked", true}});
}

http::Response add_user(Call& call) {
  const auto body = call.body();
  store::User u;
  u.clinic_id = call.who().user.clinic_id;
  u.email = need_string(body, "email", 254);
  if (u.email.find('@') == std::string::npos) throw HttpError{400, "'email' must be an e-mail address"};
  u.name = need_string(body, "name");
  u.role = need_string(body, "role");
  if (!role_named(u.role)) throw HttpError{400, "'role' must be admin, clinician or athlete"};
  if (u.role == "athlete") {
    if (!body.contains("person_id") || !body["person_id"].is_number_integer()) throw HttpError{400, "an athlete account needs 'person_id'"};
    u.person_id = visible_person(call, body["person_id"].get<Id>()).id;
  }
  u.password_hash = new_password_hash(call, body, "password");
  const auto id = call.with_store([&](store::Store& s) {
    if (s.user_by_email(u.clinic_id, u.email)) throw HttpError{409, "an account with that e-mail address exists in this clinic"};
    return s.add_user(u);
  });
  call.audit("user.add", "user/" + std::to_string(id), u.role);
  u.id = id;
  u.email = store::normalised_email(u.email);
  return reply(user_json(u), 201);
}

// A page of the audit log, oldest first: the newest `limit` entries (default 200, at most 1000)
// below the id `before` (default: the newest). `X-Older-Before` names the next page's `before`.
http::Response audit_log(Call& call) {
  constexpr std::int64_t kPage = 200, kLongestPage = 1000;
  const auto before = call.query_number("before", std::numeric_limits<std::int64_t>::max(), 1, std::numeric_limits<std::int64_t>::max());
  const auto limit = call.query_number("limit", kPage, 1, kLongestPage);
  // One more than asked: whether an older page exists.
  auto page = call.with_store([&](store::Store& s) { return s.audit_page(call.who().user.clinic_id, before, limit + 1); });
  const bool older = static_cast<std::int64_t>(page.size()) > limit;
  if (older) page.erase(page.begin());
  json out = json::array();
  for (const auto& e : page) out.push_back(audit_json(e));
  auto res = reply(out);
  if (older) res.set_header("X-Older-Before", std::to_string(page.front().id));
  return res;
}

}  // namespace bfr::server::handlers

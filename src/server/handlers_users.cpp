// A clinic's accounts and its audit log: for its administrators.

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
  call.audit("user.password_reset", "user/" + std::to_string(u->id));
  return reply({{"reset", true}});
}

// Unlocks an account that failed sign-ins have locked (sign_in_guard.hpp), from every address.
http::Response unlock_user(Call& call) {
  const auto id = call.id();
  const auto u = call.with_store([&](store::Store& s) { return s.user(id); });
  if (!u || u->clinic_id != call.who().user.clinic_id) throw HttpError{404, "no such account"};
  call.services.sign_ins.unlock(u->email);
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
    if (s.user_by_email(u.email)) throw HttpError{409, "an account with that e-mail address exists"};
    return s.add_user(u);
  });
  call.audit("user.add", "user/" + std::to_string(id), u.role);
  u.id = id;
  u.email = store::normalised_email(u.email);
  return reply(user_json(u), 201);
}

http::Response audit_log(Call& call) {
  json out = json::array();
  for (const auto& e : call.with_store([&](store::Store& s) { return s.audit(call.who().user.clinic_id); })) out.push_back(audit_json(e));
  return reply(out);
}

}  // namespace bfr::server::handlers

#pragma once
// The clinic API's route table (routes.cpp): one line per endpoint, naming its method, path,
// access rule, lane and handler. The dispatcher (clinic_server.cpp) applies the access rule
// before the handler runs; what a rule cannot know (which athlete's records this caller may
// see) the handler checks with visible_person/visible_session.

#include <optional>
#include <span>
#include <string_view>

#include "server/api.hpp"

namespace bfr::server {

enum class Access {
  anyone,      // no sign-in (signing in itself)
  signed_in,   // any account; the handler limits what an athlete sees to their own records
  staff,       // clinicians and administrators
  admin_only,  // the clinic's administrators
};

// Which workers run the handler. Control (stop, pause, resume, answers to a live session) has
// workers and database connections of its own, so that a stop is answered however busy the
// rest of the API is. Everything that hashes a password (0.1 s and 64 MiB each) has its own
// too: a flood of sign-ins waits for the hasher there, never in front of the API's other work
// (`bfr bench attack`: with sign-ins on the API lane, GET /api/me took about a second).
enum class Lane { api, control, passwords };

using Handler = http::Response (*)(Call&);

struct Route {
  http::Method method;
  std::string_view pattern;  // http/path_pattern.hpp
  Access access;
  Lane lane;
  Handler handler;
};

[[nodiscard]] std::span<const Route> api_routes();

struct Match {
  const Route* route = nullptr;  // null: no route has this path (404) or none has this method (405)
  http::PathParams params;
  bool path_known = false;
};
[[nodiscard]] Match find_route(http::Method method, std::string_view path);

// The refusal when `role` does not satisfy `access` (signed in already); nothing when it does.
[[nodiscard]] std::optional<HttpError> refused(Access access, Role role);

}  // namespace bfr::server

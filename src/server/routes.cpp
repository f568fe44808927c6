#include "server/routes.hpp"

#include <array>

#include "server/handlers.hpp"

namespace bfr::server {

namespace {

using http::Method;
namespace h = handlers;
constexpr auto get = Method::get, post = Method::post, del = Method::delete_;
constexpr auto api = Lane::api, control = Lane::control, passwords = Lane::passwords;

// clang-format off
constexpr std::array kRoutes{
  Route{get,  "/api/sign-in-options",                 Access::anyone,     api,     h::sign_in_options},
  Route{post, "/api/login",                           Access::anyone,     passwords, h::login},
  Route{post, "/api/logout",                          Access::signed_in,  api,     h::logout},
  Route{get,  "/api/me",                              Access::signed_in,  api,     h::me},
  Route{post, "/api/me/password",                     Access::signed_in,  passwords, h::change_password},

  Route{get,  "/api/athletes",                        Access::signed_in,  api,     h::list_athletes},
  Route{post, "/api/athletes",                        Access::staff,      api,     h::add_athlete},
  Route{get,  "/api/athletes/{id}",                   Access::signed_in,  api,     h::athlete},
  Route{del,  "/api/athletes/{id}",                   Access::admin_only, api,     h::erase_athlete},
  Route{post, "/api/athletes/{id}/screenings",        Access::staff,      api,     h::add_screening},
  Route{post, "/api/athletes/{id}/plans",             Access::staff,      api,     h::add_plan},
  Route{get,  "/api/athletes/{id}/fhir",              Access::signed_in,  api,     h::athlete_fhir},
  Route{post, "/api/athletes/{id}/sessions",          Access::staff,      api,     h::start_session},

  Route{get,  "/api/sessions/{id}",                   Access::signed_in,  api,     h::session},
  Route{get,  "/api/sessions/{id}/samples",           Access::signed_in,  api,     h::session_samples},
  Route{get,  "/api/sessions/{id}/export.csv",        Access::signed_in,  api,     h::session_csv},
  Route{get,  "/api/sessions/{id}/report.{format}",   Access::signed_in,  api,     h::session_report},

  Route{get,  "/api/live",                            Access::signed_in,  api,     h::live_sessions},
  Route{get,  "/api/live/{id}/stream",                Access::signed_in,  api,     h::live_stream},
  Route{post, "/api/live/{id}/stop",                  Access::signed_in,  control, h::live_stop},  // stopping is always safe
  Route{post, "/api/live/{id}/answer",                Access::signed_in,  control, h::live_answer},
  Route{post, "/api/live/{id}/pause",                 Access::staff,      control, h::live_pause},
  Route{post, "/api/live/{id}/resume",                Access::staff,      control, h::live_resume},

  Route{get,  "/api/evidence",                        Access::signed_in,  api,     h::evidence},
  Route{get,  "/api/forms",                           Access::signed_in,  api,     h::forms},

  Route{get,  "/api/users",                           Access::admin_only, api,     h::users},
  Route{post, "/api/users",                           Access::admin_only, passwords, h::add_user},
  Route{post, "/api/users/{id}/password",             Access::admin_only, passwords, h::reset_password},
  Route{post, "/api/users/{id}/unlock",               Access::admin_only, api,     h::unlock_user},
  Route{get,  "/api/audit",                           Access::admin_only, api,     h::audit_log},
};
// clang-format on

}  // namespace

std::span<const Route> api_routes() { return kRoutes; }

Match find_route(Method method, std::string_view path) {
  Match m;
  for (const auto& r : kRoutes) {
    auto params = http::match_path(r.pattern, path);
    if (!params) continue;
    m.path_known = true;
    if (r.method != method) continue;
    m.route = &r;
    m.params = std::move(*params);
    return m;
  }
  return m;
}

std::optional<HttpError> refused(Access access, Role role) {
  switch (access) {
    case Access::anyone:
    case Access::signed_in: return std::nullopt;
    case Access::staff:
      if (is_staff(role)) return std::nullopt;
      return HttpError{403, "only clinicians and administrators may do this"};
    case Access::admin_only:
      if (role == Role::admin) return std::nullopt;
      return HttpError{403, "only a clinic administrator may do this"};
  }
  return HttpError{403, "not allowed"};
}

}  // namespace bfr::server

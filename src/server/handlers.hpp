#pragma once
// The clinic API's handlers, one file per resource (handlers_*.cpp); routes.cpp names which
// path, method and access rule each answers.

#include "server/api.hpp"

namespace bfr::server::handlers {

// handlers_account.cpp
http::Response login(Call&);
http::Response sign_in_options(Call&);
http::Response logout(Call&);
http::Response me(Call&);
http::Response change_password(Call&);
// handlers_athletes.cpp
http::Response list_athletes(Call&);
http::Response add_athlete(Call&);
http::Response athlete(Call&);
http::Response erase_athlete(Call&);
http::Response add_screening(Call&);
http::Response add_plan(Call&);
http::Response athlete_fhir(Call&);
// handlers_sessions.cpp
http::Response session(Call&);
http::Response session_samples(Call&);
http::Response session_csv(Call&);
http::Response session_report(Call&);
// handlers_live.cpp
http::Response start_session(Call&);
http::Response live_sessions(Call&);
http::Response live_stream(Call&);
http::Response live_pause(Call&);
http::Response live_resume(Call&);
http::Response live_stop(Call&);
http::Response live_answer(Call&);
// handlers_reference.cpp
http::Response evidence(Call&);
http::Response forms(Call&);
// handlers_users.cpp
http::Response users(Call&);
http::Response add_user(Call&);
http::Response reset_password(Call&);
http::Response unlock_user(Call&);
http::Response audit_log(Call&);

}  // namespace bfr::server::handlers

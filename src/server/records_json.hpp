#pragma once
// Every stored record as the API shows it, in one place.

#include <nlohmann/json.hpp>

#include "session/session_metrics.hpp"
#include "store/store.hpp"

namespace bfr::server {

nlohmann::json person_json(const store::Person& p);
nlohmann::json user_json(const store::User& u);
// A session with its figures.
nlohmann::json session_json(const store::Session& s, const session::SessionMetrics& m);
nlohmann::json screening_json(const store::Screening& x);
nlohmann::json lop_json(const store::LopMeasurement& m);
nlohmann::json plan_json(const store::Plan& x);
nlohmann::json audit_json(const store::AuditEntry& e);

}  // namespace bfr::server

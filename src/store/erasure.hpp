#pragma once
// Erasing a person (GDPR article 17, the right to erasure): the statements, in order, the same on
// both backends (`?1` is the person's id).
// Everything recorded about the person goes: samples, events, pain scores, LOP measurements,
// sessions, plans, screenings, their athlete accounts and sign-ins. The audit log keeps its rows
// (what was done, when and by whom, which a clinic must be able to show) with the details that
// could name the person blanked and the athlete's own user ids cleared.

#include <array>
#include <string_view>

namespace bfr::store {

inline constexpr std::array<std::string_view, 12> kErasePerson = {
    // ?1 is a BIGINT in every statement (PostgreSQL deduces one type per parameter).
    "UPDATE audit_log SET detail = '' WHERE object = 'person/' || CAST(CAST(?1 AS BIGINT) AS TEXT) "
    "OR object IN (SELECT 'session/' || CAST(id AS TEXT) FROM sessions WHERE person_id = ?1) "
    "OR object IN (SELECT 'user/' || CAST(id AS TEXT) FROM users WHERE person_id = ?1)",
    "UPDATE audit_log SET user_id = NULL WHERE user_id IN (SELECT id FROM users WHERE person_id = ?1)",
    "DELETE FROM sample_blocks WHERE session_id IN (SELECT id FROM sessions WHERE person_id = ?1)",
    "DELETE FROM events WHERE session_id IN (SELECT id FROM sessions WHERE person_id = ?1)",
    "DELETE FROM pain_scores WHERE session_id IN (SELECT id FROM sessions WHERE person_id = ?1)",
    "DELETE FROM lop_measurements WHERE person_id = ?1",
    "DELETE FROM sessions WHERE person_id = ?1",
    "DELETE FROM plans WHERE person_id = ?1",
    "DELETE FROM screenings WHERE person_id = ?1",
    "DELETE FROM auth_sessions WHERE user_id IN (SELECT id FROM users WHERE person_id = ?1)",
    "DELETE FROM users WHERE person_id = ?1",
    "DELETE FROM people WHERE id = ?1",  // foreign keys refuse it if a table added later is missing above
};

}  // namespace bfr::store

#pragma once
// The persistence interface. SQLite is the embedded default (sql_store, its SQLite dialect); a PostgreSQL store
// for larger clinics implements the same interface and migrations. Every method either does all
// of its work or none (one transaction), and throws StoreError with a clear message.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <limits>
#include <map>
#include <memory>
#include <span>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "store/records.hpp"

namespace bfr::store {

class StoreError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The current UTC time, ISO 8601 with milliseconds ("2026-12-01T18:43:12.123Z").
std::string now_utc();
std::string utc_iso(std::chrono::system_clock::time_point at);
// A time as the store writes it (also with a space for the T, or without milliseconds); none if not.
std::optional<std::chrono::system_clock::time_point> parse_utc_iso(const std::string& text);

class Store {
 public:
  virtual ~Store() = default;

  [[nodiscard]] virtual int schema_version() = 0;

  virtual Id add_clinic(const std::string& name) = 0;
  virtual std::optional<Clinic> clinic(Id id) = 0;
  // How many clinics share this database: with more than one, sign-in names the clinic.
  virtual std::int64_t clinic_count() = 0;

  // Accounts. add_user refuses a second account with the same e-mail address (case-blind) in
  // the same clinic; another clinic may have its own account with that address (migration 6).
  virtual Id add_user(const User& u) = 0;
  virtual std::optional<User> user(Id id) = 0;
  virtual std::optional<User> user_by_email(Id clinic, const std::string& email) = 0;
  virtual std::vector<User> users(Id clinic) = 0;
  virtual void add_auth_session(const AuthSession& s) = 0;
  // The sign-in with this token hash and its user, in one query.
  virtual std::optional<SignedIn> signed_in(const std::string& token_hash) = 0;
  virtual void delete_auth_session(const std::string& token_hash) = 0;
  // A new password hash; every sign-in of that user but `keep` (a token hash) ends.
  virtual void set_password_hash(Id user, const std::string& hash, const std::string& keep) = 0;
  // Deletes the sign-ins that expired before `now_iso` (the server, hourly); returns how many.
  virtual std::int64_t delete_expired_sign_ins(const std::string& now_iso) = 0;
  virtual void add_audit(const AuditEntry& e) = 0;
  // The clinic's audit log, oldest first.
  std::vector<AuditEntry> audit(Id clinic) { return audit_page(clinic, std::numeric_limits<Id>::max(), std::numeric_limits<std::int64_t>::max()); }
  // A page of it: the newest `limit` entries with ids below `before`, oldest first.
  virtual std::vector<AuditEntry> audit_page(Id clinic, Id before, std::int64_t limit) = 0;

  virtual Id add_person(const Person& p) = 0;
  // Removes the person and everything recorded about them, in one transaction (store/erasure.hpp:
  // the audit log keeps its rows with their details blanked). False if there was no such person.
  virtual bool erase_person(Id person) = 0;
  virtual std::optional<Person> person(Id id) = 0;
  // Everyone, or one clinic's people.
  virtual std::vector<Person> people(std::optional<Id> clinic = std::nullopt) = 0;
  // A page of a clinic's people in name order (case-blind, then id): at most `limit` of those
  // after the name and id of the previous page's last ("" and 0: from the start), whose name
  // contains `name_part` (case-blind; "" for everyone).
  virtual std::vector<Person> people_page(Id clinic, const std::string& name_part, const std::string& after_name, Id after_id,
                                          std::int64_t limit) = 0;

  virtual Id add_screening(const Screening& s) = 0;
  virtual std::vector<Screening> screenings(Id person) = 0;

  virtual Id add_lop(const LopMeasurement& m) = 0;
  virtual std::vector<LopMeasurement> lop_measurements(Id person) = 0;

  virtual Id add_plan(const Plan& p) = 0;
  virtual std::optional<Plan> plan(Id id) = 0;
  virtual std::vector<Plan> plans(Id person) = 0;

  virtual Id begin_session(const Session& s) = 0;
  void end_session(Id session, const std::string& outcome, const std::string& summary_json) {
    end_session_at(session, outcome, summary_json, now_utc());
  }
  // The same, ended at a given time (ISO 8601 UTC): a session closed after a crash ends when its
  // last sample was taken, not when it was found.
  virtual void end_session_at(Id session, const std::string& outcome, const std::string& summary_json, const std::string& ended_at) = 0;
  // Sessions still marked running, in every clinic (after a crash some are not running at all).
  virtual std::vector<Session> running_sessions() = 0;
  // The device times of a session's first and last samples; none when it has none.
  virtual std::optional<std::pair<std::int64_t, std::int64_t>> sample_span(Id session) = 0;
  virtual void set_session_lop(Id session, double lop_mmHg) = 0;
  virtual std::optional<Session> session(Id id) = 0;
  // Newest first; all people when `person` is empty.
  std::vector<Session> sessions(std::optional<Id> person) { return sessions_page(person, std::nullopt, std::numeric_limits<std::int64_t>::max()); }
  // A page of them, newest first: at most `limit` of those that started before `before` (the
  // previous page's last session; none: from the newest).
  virtual std::vector<Session> sessions_page(std::optional<Id> person, std::optional<SessionCursor> before, std::int64_t limit) = 0;

  // Samples arrive in batches (one transaction each): the session writes one every half second,
  // so a crash loses at most that much.
  virtual void add_samples(Id session, std::span<const Sample> samples) = 0;
  // A session's samples in time order; those after a time, for a reader that keeps up.
  virtual std::vector<Sample> samples_after(Id session, std::int64_t after_t_ms) = 0;
  std::vector<Sample> samples(Id session) { return samples_after(session, std::numeric_limits<std::int64_t>::min()); }
  virtual void add_event(Id session, const SessionEvent& e) = 0;
  virtual std::vector<SessionEvent> events(Id session) = 0;
  virtual void add_pain(Id session, const PainScore& p) = 0;
  virtual std::vector<PainScore> pain_scores(Id session) = 0;
  // A person's screenings, LOP measurements, plans, sessions and every session's pain scores, in
  // one query (the athlete page); empty for an unknown person.
  virtual PersonRecords person_records(Id person) = 0;
};

// Opens (and creates or migrates) the store a URL names: "sqlite:PATH", a plain file path, or
// "postgresql://user@host:port/database".
std::unique_ptr<Store> open_store(const std::string& url);
// Where the embedded database lives by default: $BFR_DB, else
// $XDG_DATA_HOME/openbfr/openbfr.sqlite, else ~/.local/share/openbfr/openbfr.sqlite.
std::string default_store_url();

// E-mail addresses are compared without case and surrounding spaces.
std::string normalised_email(const std::string& email);

}  // namespace bfr::store

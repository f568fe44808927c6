#pragma once
// A store whose every call borrows a connection from a pool and gives it back: the live
// sessions' writers share a few database connections instead of holding one each (50 live
// sessions were 50 PostgreSQL backends competing for two cores; docs/server.md). Each call of
// the Store interface is a transaction of its own, so borrowing per call keeps its meaning.

#include "server/connection_pool.hpp"
#include "store/store.hpp"

namespace bfr::server {

class PooledStore final : public store::Store {
 public:
  explicit PooledStore(ConnectionPool& pool) : pool_(pool) {}
  using Id = store::Id;
  using Clinic = store::Clinic;
  using User = store::User;
  using AuthSession = store::AuthSession;
  using SignedIn = store::SignedIn;
  using AuditEntry = store::AuditEntry;
  using Person = store::Person;
  using Screening = store::Screening;
  using LopMeasurement = store::LopMeasurement;
  using Plan = store::Plan;
  using PersonRecords = store::PersonRecords;
  using Session = store::Session;
  using Sample = store::Sample;
  using SessionEvent = store::SessionEvent;
  using PainScore = store::PainScore;

  int schema_version() override { return pool_.with([&](store::Store& db) { return db.schema_version(); }); }
  Id add_clinic(const std::string& name) override { return pool_.with([&](store::Store& db) { return db.add_clinic(name); }); }
  std::optional<Clinic> clinic(Id id) override { return pool_.with([&](store::Store& db) { return db.clinic(id); }); }
  std::int64_t clinic_count() override { return pool_.with([&](store::Store& db) { return db.clinic_count(); }); }
  Id add_user(const User& u) override { return pool_.with([&](store::Store& db) { return db.add_user(u); }); }
  std::optional<User> user(Id id) override { return pool_.with([&](store::Store& db) { return db.user(id); }); }
  std::optional<User> user_by_email(Id clinic, const std::string& email) override {
    return pool_.with([&](store::Store& db) { return db.user_by_email(clinic, email); });
  }
  std::vector<User> users(Id clinic) override { return pool_.with([&](store::Store& db) { return db.users(clinic); }); }
  void add_auth_session(const AuthSession& s) override { return pool_.with([&](store::Store& db) { return db.add_auth_session(s); }); }
  std::optional<SignedIn> signed_in(const std::string& token_hash) override { return pool_.with([&](store::Store& db) { return db.signed_in(token_hash); }); }
  void delete_auth_session(const std::string& token_hash) override { return pool_.with([&](store::Store& db) { return db.delete_auth_session(token_hash); }); }
  std::int64_t delete_expired_sign_ins(const std::string& now_iso) override { return pool_.with([&](store::Store& db) { return db.delete_expired_sign_ins(now_iso); }); }
  void set_password_hash(Id user, const std::string& hash, const std::string& keep) override { return pool_.with([&](store::Store& db) { return db.set_password_hash(user, hash, keep); }); }
  void add_audit(const AuditEntry& e) override { return pool_.with([&](store::Store& db) { return db.add_audit(e); }); }
  std::vector<AuditEntry> audit_page(Id clinic, Id before, std::int64_t limit) override {
    return pool_.with([&](store::Store& db) { return db.audit_page(clinic, before, limit); });
  }
  Id add_person(const Person& p) override { return pool_.with([&](store::Store& db) { return db.add_person(p); }); }
  bool erase_person(Id id) override { return pool_.with([&](store::Store& db) { return db.erase_person(id); }); }
  std::optional<Person> person(Id id) override { return pool_.with([&](store::Store& db) { return db.person(id); }); }
  std::vector<Person> people(std::optional<Id> clinic) override { return pool_.with([&](store::Store& db) { return db.people(clinic); }); }
  std::vector<Person> people_page(Id clinic, const std::string& name_part, const std::string& after_name, Id after_id,
                                  std::int64_t limit) override {
    return pool_.with([&](store::Store& db) { return db.people_page(clinic, name_part, after_name, after_id, limit); });
  }
  Id add_screening(const Screening& s) override { return pool_.with([&](store::Store& db) { return db.add_screening(s); }); }
  std::vector<Screening> screenings(Id person) override { return pool_.with([&](store::Store& db) { return db.screenings(person); }); }
  Id add_lop(const LopMeasurement& m) override { return pool_.with([&](store::Store& db) { return db.add_lop(m); }); }
  std::vector<LopMeasurement> lop_measurements(Id person) override { return pool_.with([&](store::Store& db) { return db.lop_measurements(person); }); }
  Id add_plan(const Plan& p) override { return pool_.with([&](store::Store& db) { return db.add_plan(p); }); }
  std::optional<Plan> plan(Id id) override { return pool_.with([&](store::Store& db) { return db.plan(id); }); }
  std::vector<Plan> plans(Id person) override { return pool_.with([&](store::Store& db) { return db.plans(person); }); }
  Id begin_session(const Session& s) override { return pool_.with([&](store::Store& db) { return db.begin_session(s); }); }
  void end_session_at(Id session, const std::string& outcome, const std::string& summary_json, const std::string& ended_at) override {
    return pool_.with([&](store::Store& db) { return db.end_session_at(session, outcome, summary_json, ended_at); });
  }
  std::vector<Session> running_sessions() override { return pool_.with([&](store::Store& db) { return db.running_sessions(); }); }
  std::optional<std::pair<std::int64_t, std::int64_t>> sample_span(Id session) override { return pool_.with([&](store::Store& db) { return db.sample_span(session); }); }
  void set_session_lop(Id session, double lop_mmHg) override { return pool_.with([&](store::Store& db) { return db.set_session_lop(session, lop_mmHg); }); }
  std::optional<Session> session(Id id) override { return pool_.with([&](store::Store& db) { return db.session(id); }); }
  std::vector<Session> sessions_page(std::optional<Id> person, std::optional<store::SessionCursor> before, std::int64_t limit) override {
    return pool_.with([&](store::Store& db) { return db.sessions_page(person, before, limit); });
  }
  void add_samples(Id session, std::span<const Sample> samples) override { return pool_.with([&](store::Store& db) { return db.add_samples(session, samples); }); }
  std::vector<Sample> samples_after(Id session, std::int64_t after_t_ms) override { return pool_.with([&](store::Store& db) { return db.samples_after(session, after_t_ms); }); }
  void add_event(Id session, const SessionEvent& e) override { return pool_.with([&](store::Store& db) { return db.add_event(session, e); }); }
  std::vector<SessionEvent> events(Id session) override { return pool_.with([&](store::Store& db) { return db.events(session); }); }
  void add_pain(Id session, const PainScore& p) override { return pool_.with([&](store::Store& db) { return db.add_pain(session, p); }); }
  std::vector<PainScore> pain_scores(Id session) override { return pool_.with([&](store::Store& db) { return db.pain_scores(session); }); }
  PersonRecords person_records(Id person) override { return pool_.with([&](store::Store& db) { return db.person_records(person); }); }

 private:
  ConnectionPool& pool_;
};

}  // namespace bfr::server

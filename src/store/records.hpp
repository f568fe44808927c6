#pragma once
// What OpenBFR keeps: people, their screenings, LOP measurements, plans, sessions with their
// samples, events and pain scores. Plain values; the store gives each an id. Times are UTC in
// ISO 8601 with milliseconds ("2026-11-25T10:15:30.123Z").

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace bfr::store {

using Id = std::int64_t;

// The clinic every database starts with (migration 2): the command line works in it.
inline constexpr Id kLocalClinic = 1;

struct Clinic {
  Id id = 0;
  std::string name;
  std::string created_at;
};

// A person who signs in. Clinicians and admins see their clinic's people; an athlete sees only
// their own record (person_id).
struct User {
  Id id = 0;
  Id clinic_id = 0;
  std::string email;
  std::string name;
  std::string role;  // admin, clinician, athlete
  std::optional<Id> person_id;
  std::string password_hash;  // argon2id, in libsodium's encoded form
  std::string created_at;
};

// A signed-in browser: only a hash of its token is kept, so a stolen database signs nobody in.
struct AuthSession {
  std::string token_hash;
  Id user_id = 0;
  std::string csrf_token;
  std::string created_at;
  std::string expires_at;
};

// A sign-in with its user, as one lookup answers them (every request asks).
struct SignedIn {
  AuthSession session;
  User user;
};

// Every change, who made it and when.
struct AuditEntry {
  Id id = 0;
  Id clinic_id = 0;
  std::optional<Id> user_id;
  std::string at;
  std::string action;  // e.g. "person.add", "session.start", "user.login_failed"
  std::string object;  // e.g. "person/3"
  std::string detail;
};

struct Person {
  Id id = 0;
  std::string name;
  std::optional<int> birth_year;
  std::optional<std::string> sex;  // "male" or "female", as the LOP equations need
  std::string created_at;
  Id clinic_id = kLocalClinic;
};

struct Screening {
  Id id = 0;
  Id person_id = 0;
  std::string taken_at;
  std::string verdict;      // clinic::Verdict as text
  std::string answers_json;
  std::string result_json;
};

struct LopMeasurement {
  Id id = 0;
  Id person_id = 0;
  std::optional<Id> session_id;
  std::string measured_at;
  std::string limb = "thigh";
  double cuff_width_cm = 11.5;
  double lop_mmHg = 0;
  std::string method;             // "device" (automatic, by the cuff), "estimate", "doppler"
  std::optional<double> quality;  // 0..1, from the device
  bool simulated = false;
  // supine, prone, seated or standing: LOP differs between them (Hughes et al. 2018). Empty for
  // measurements stored before the posture was recorded: they are no posture's LOP.
  std::string posture;
};

struct Plan {
  Id id = 0;
  Id person_id = 0;
  std::string created_at;
  std::string program;
  std::string phase;
  std::string plan_json;  // as `bfr plan --json` prints it
};

struct Session {
  Id id = 0;
  Id person_id = 0;
  std::optional<Id> plan_id;
  std::string started_at;
  std::optional<std::string> ended_at;
  std::string device;         // "virtual cuff" or the serial port's path
  bool simulated = false;
  std::string outcome = "running";  // running, completed, stopped, fault, device_lost, failed, not_today, interrupted (left running by a crash)
  std::optional<double> lop_mmHg;
  std::string summary_json = "{}";
};

// One telemetry record (the device protocol's telemetry, in display units).
struct Sample {
  std::int64_t t_ms = 0;  // device time
  double pressure_mmHg = 0;
  std::optional<double> setpoint_mmHg;
  double target_pct = 0;
  int phase = 0;          // core::PhaseId
  int set = 0;
  int rep = 0;
  double pulse_mmHg = 0;
  bool off_target = false;
  int fault = 0;          // core::FaultId
};

struct SessionEvent {
  std::int64_t t_ms = 0;
  std::string kind;  // phase_changed, lop_measured, fault, alarm_on, ... (docs/protocol.md), or host-side: exercise, set, note
  int code = 0;
  double value = 0;
  std::string text;
};

struct PainScore {
  std::string exercise;
  int score = 0;  // 0 none .. 10 worst imaginable
  std::string recorded_at;
};

// Where a page of sessions (newest first) ends: the next page starts after this one.
struct SessionCursor {
  std::string started_at;
  Id id = 0;
};

// Everything recorded about a person but their samples and events: the athlete page.
struct PersonRecords {
  std::vector<Screening> screenings;              // oldest first
  std::vector<LopMeasurement> lop_measurements;  // oldest first
  std::vector<Plan> plans;                        // oldest first
  std::vector<Session> sessions;                  // newest first, as sessions()
  std::map<Id, std::vector<PainScore>> pain_scores;  // by session, in the order recorded
};

}  // namespace bfr::store

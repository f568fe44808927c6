// End-to-end: a person, screening and plan stored, a guided session on the virtual cuff, its
// history, exports and reports, all through the bfr binary on a real SQLite file; Ctrl-C on a
// real pseudo-terminal; a device that vanishes; and a session killed with SIGKILL.

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <thread>

#include "cli_helpers.hpp"
#include "session/status_line.hpp"
#include "store/store.hpp"

namespace {

using bfr::test::bfr;
using bfr::test::Result;
using bfr::test::shell;
using nlohmann::json;

std::string screening(const char* name) { return std::string(OPENBFR_SOURCE_DIR) + "/examples/screening/" + name; }

// A fresh database per test with one person and a stored plan (knee extension, 30-15-15-15).
class SessionCli : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("openbfr-cli-" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()) + "-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    db_ = (dir_ / "clinic.sqlite").string();
    const auto person = run("person add 'Ada Runner' --born 1990 --sex female --json", false);
    ASSERT_EQ(person.exit_code, 0) << person.out;
    ASSERT_EQ(json::parse(person.out).at("id"), 1);
    const auto answers = screening("after-surgery-needs-clearance.json");
    const auto screen = run("screen --answers " + answers + " --person 1");
    ASSERT_EQ(screen.exit_code, 0) << screen.out;
    ASSERT_NE(screen.out.find("Saved as screening 1 for person 1"), std::string::npos) << screen.out;
    const auto plan = run("plan --answers " + answers + " --injury tibial_bone_stress_injury --equipment knee_extension_machine --cleared --person 1"
                      " --bone-site posteromedial_tibial_shaft --energy-yes none");
    ASSERT_EQ(plan.exit_code, 0) << plan.out;
    ASSERT_NE(plan.out.find("Saved as plan 1 for person 1"), std::string::npos) << plan.out;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  Result run(const std::string& args, bool with_stderr = true) { return bfr(args + " --db " + db_, with_stderr); }
  static std::string fmt_day(int day) { return "2026-11-0" + std::to_string(day) + "T09:00:00.000Z"; }
  [[nodiscard]] std::string bfr_line(const std::string& args) const { return std::string(BFR_BINARY) + " " + args + " --db " + db_; }
  // "No" to each of the four day-of-session questions (data/contraindications.json,
  // day_of_session), typed before the session may inflate the cuff.
  static constexpr const char* kDayCheckAllNo = "n\\nn\\nn\\nn\\n";

  // Starts `bfr device-sim --pty ARGS` in the background; gives its pid and pseudo-terminal path.
  std::pair<int, std::string> start_device_sim(const std::string& args) const {
    const auto path_file = (dir_ / "pty-path").string();
    // TMPDIR: what a killed device-sim leaves (the emulator's sockets) goes with this test's directory.
  const auto started = shell("TMPDIR=" + dir_.string() + " " + BFR_BINARY + " device-sim --pty " + args + " > " + path_file + " 2>/dev/null & echo $!");
    const auto pid = std::stoi(started.out);
    std::string path;
    for (int i = 0; i < 200 && path.empty(); ++i) {  // the emulator takes a moment to start
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      std::ifstream(path_file) >> path;
    }
    return {pid, path};
  }

  // The device process is killed `after` into a session on it; gives the session's output.
  // With `until`, sooner: once the session's stored data satisfies it (polled; `after` is then a limit).
  Result session_until_the_device_is_killed(int pid, const std::string& path, std::chrono::seconds after,
                                            const std::function<bool()>& until = {}) const {
    std::thread killer([pid, after, until] {
      const auto end = std::chrono::steady_clock::now() + after;
      while (std::chrono::steady_clock::now() < end && !(until && until())) std::this_thread::sleep_for(std::chrono::milliseconds(100));
      ::kill(pid, SIGKILL);
    });
    auto r = shell("printf '" + std::string(kDayCheckAllNo) + "' | " + bfr_line("session run --person 1 --plan 1 --device " + path + " --plain") +
                   " 2>&1");
    killer.join();
    return r;
  }

  // One value from the database, read with SQLite itself.
  std::string sql(const std::string& query) const {
    sqlite3* db = nullptr;
    sqlite3_open_v2(db_.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
    sqlite3_stmt* st = nullptr;
    std::string out;
    if (sqlite3_prepare_v2(db, query.c_str(), -1, &st, nullptr) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
      out = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    sqlite3_close(db);
    return out;
  }

  // A session's samples, read back through the store: they are kept in compressed blocks.
  std::vector<bfr::store::Sample> stored_samples(bfr::store::Id session = 1) const { return bfr::store::open_store(db_)->samples(session); }
  double highest_pressure(bfr::store::Id session = 1) const {
    double highest = 0;
    for (const auto& s : stored_samples(session)) highest = std::max(highest, s.pressure_mmHg);
    return highest;
  }

  std::filesystem::path dir_;
  std::string db_;
};

// The FHIR R4 structure the export must follow (Bundle, Patient, Procedure, Observation):
// required elements, value sets of the status codes, references that resolve inside the bundle,
// UCUM quantities and dateTime formats. Returns every problem found.
// (std::regex is avoided: GCC 12's libstdc++ regex trips -Wmaybe-uninitialized under the
// sanitizers.) `pattern`: 9 a digit, x a lower-case hex digit, anything else itself.
bool shaped(const std::string& s, const std::string& pattern) {
  if (s.size() != pattern.size()) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i], want = pattern[i];
    if (want == '9' ? !std::isdigit(static_cast<unsigned char>(c)) : want == 'x' ? !std::isxdigit(static_cast<unsigned char>(c)) || std::isupper(static_cast<unsigned char>(c)) : c != want)
      return false;
  }
  return true;
}
// FHIR dateTime with time: YYYY-MM-DDThh:mm:ss[.fff](Z|+hh:mm|-hh:mm).
bool is_datetime(const std::string& s) {
  if (s.size() < 20 || !shaped(s.substr(0, 19), "9999-99-99T99:99:99")) return false;
  std::string rest = s.substr(19);
  if (!rest.empty() && rest[0] == '.') {
    std::size_t n = 1;
    while (n < rest.size() && std::isdigit(static_cast<unsigned char>(rest[n]))) ++n;
    if (n == 1) return false;
    rest = rest.substr(n);
  }
  return rest == "Z" || shaped(rest, "+99:99") || shaped(rest, "-99:99");
}

std::vector<std::string> fhir_problems(const json& b) {
  std::vector<std::string> p;
  if (b.value("resourceType", "") != "Bundle") p.push_back("not a Bundle");
  const std::set<std::string> bundle_types = {"document", "message", "transaction", "transaction-response", "batch", "batch-response", "history", "searchset", "collection"};
  if (!bundle_types.count(b.value("type", ""))) p.push_back("Bundle.type not in the value set");
  if (!b.contains("entry") || !b["entry"].is_array() || b["entry"].empty()) return p.push_back("no entries"), p;
  std::set<std::string> urls;
  for (const auto& e : b["entry"]) urls.insert(e.value("fullUrl", ""));
  const auto ref_ok = [&](const json& r) { return r.is_object() && urls.count(r.value("reference", "")) == 1; };
  const auto codeable_ok = [](const json& c) {
    return c.is_object() && (c.contains("text") || (c.contains("coding") && c["coding"].is_array() && !c["coding"].empty() &&
                                                     c["coding"][0].contains("system") && c["coding"][0].contains("code")));
  };
  for (const auto& e : b["entry"]) {
    const auto url = e.value("fullUrl", "");
    if (!shaped(url, "urn:uuid:xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx")) p.push_back("fullUrl not a urn:uuid: " + url);
    const auto& r = e.at("resource");
    const auto type = r.value("resourceType", "");
    if (type == "Patient") {
      if (r.contains("gender") && !std::set<std::string>{"male", "female", "other", "unknown"}.count(r["gender"])) p.push_back("Patient.gender");
    } else if (type == "Procedure") {
      const std::set<std::string> status = {"preparation", "in-progress", "not-done", "on-hold", "stopped", "completed", "entered-in-error", "unknown"};
      if (!status.count(r.value("status", ""))) p.push_back("Procedure.status");
      if (!ref_ok(r.value("subject", json()))) p.push_back("Procedure.subject does not resolve");
      if (!codeable_ok(r.value("code", json()))) p.push_back("Procedure.code");
      if (!is_datetime(r["performedPeriod"].value("start", ""))) p.push_back("Procedure.performedPeriod.start");
    } else if (type == "Observation") {
      const std::set<std::string> status = {"registered", "preliminary", "final", "amended", "corrected", "cancelled", "entered-in-error", "unknown"};
      if (!status.count(r.value("status", ""))) p.push_back("Observation.status");
      if (!codeable_ok(r.value("code", json()))) p.push_back("Observation.code");
      if (!ref_ok(r.value("subject", json()))) p.push_back("Observation.subject does not resolve");
      for (const auto& part : r.value("partOf", json::array()))
        if (!ref_ok(part)) p.push_back("Observation.partOf does not resolve");
      if (!is_datetime(r.value("effectiveDateTime", ""))) p.push_back("Observation.effectiveDateTime");
      if (r.contains("valueQuantity")) {
        const auto& q = r["valueQuantity"];
        if (!q["value"].is_number() || q.value("system", "") != "http://unitsofmeasure.org" || !q.contains("code"))
          p.push_back("Observation.valueQuantity is not a UCUM quantity");
      } else if (!r.contains("valueInteger")) {
        p.push_back("Observation without a value");
      }
    } else {
      p.push_back("unexpected resource " + type);
    }
  }
  return p;
}

// The checker itself finds what is wrong, or its silence above would mean nothing.
TEST(FhirStructure, TheCheckerFindsBrokenBundles) {
  const json broken = {{"resourceType", "Bundle"}, {"type", "pile"},
                       {"entry", {{{"fullUrl", "urn:uuid:0b5f0002-0000-4000-8000-000000000001"},
                                   {"resource", {{"resourceType", "Observation"}, {"status", "done"}, {"code", {{"text", "x"}}},
                                                 {"subject", {{"reference", "urn:uuid:missing"}}},
                                                 {"effectiveDateTime", "2026-11-25 10:00"},
                                                 {"valueQuantity", {{"value", 1}, {"unit", "mmHg"}}}}}}}}};
  const auto p = fhir_problems(broken);
  for (const auto* expected : {"Bundle.type not in the value set", "Observation.status", "Observation.subject does not resolve",
                               "Observation.effectiveDateTime", "Observation.valueQuantity is not a UCUM quantity"})
    EXPECT_NE(std::find(p.begin(), p.end(), expected), p.end()) << expected;
  EXPECT_TRUE(is_datetime("2026-11-25T23:47:06.245Z"));
  EXPECT_TRUE(is_datetime("2026-11-25T23:47:06+01:00"));
  EXPECT_FALSE(is_datetime("2026-11-25T23:47"));
}

TEST_F(SessionCli, AWholeSessionIsStoredAndComesBackAsHistoryExportsAndReports) {
  const auto s = shell("printf '" + std::string(kDayCheckAllNo) + "2\\n' | " +
                       bfr_line("session run --person 1 --plan 1 --speed 10 --rep-seconds 1") + " 2>&1");
  ASSERT_EQ(s.exit_code, 0) << s.out;
  EXPECT_NE(s.out.find("Are you unwell or feverish today? [y/n]"), std::string::npos) << s.out;
  EXPECT_NE(s.out.find("SIMULATED"), std::string::npos);
  EXPECT_NE(s.out.find("Session 1: completed (simulated)"), std::string::npos) << s.out;
  EXPECT_NE(s.out.find("set 4 of 4"), std::string::npos);
  EXPECT_EQ(s.out.find("\033["), std::string::npos) << "no terminal: plain output";
  // A bone stress injury's loading stays pain-free at the bone (issue 13): 2/10 there is over its rule.
  EXPECT_NE(s.out.find("Pain at the injured bone during Knee extension"), std::string::npos) << s.out;
  EXPECT_NE(s.out.find("Pain 2/10 is above this program's pain rule, pain-free at the injured bone (up to 0/10)"), std::string::npos) << s.out;

  const auto h = run("history --json", false);
  ASSERT_EQ(h.exit_code, 0) << h.out;
  const auto history = json::parse(h.out);
  ASSERT_EQ(history.size(), 1U);
  EXPECT_EQ(history[0]["outcome"], "completed");
  EXPECT_TRUE(history[0]["simulated"].get<bool>());
  EXPECT_GT(history[0]["lop_mmHg"].get<double>(), 100.0);
  EXPECT_GT(history[0]["in_band_pct"].get<double>(), 95.0);
  EXPECT_EQ(history[0]["sets"], 4);
  EXPECT_EQ(sql("SELECT score FROM pain_scores WHERE session_id = 1"), "2");

  const auto csv = run("export --csv --session 1", false);
  ASSERT_EQ(csv.exit_code, 0);
  EXPECT_EQ(csv.out.rfind("# OpenBFR session 1", 0), 0U);
  EXPECT_NE(csv.out.find("SIMULATED"), std::string::npos);
  EXPECT_NE(csv.out.find("time_s,pressure_mmHg,setpoint_mmHg"), std::string::npos);
  EXPECT_GT(std::count(csv.out.begin(), csv.out.end(), '\n'), 10000);  // >100 s at 100 Hz

  const auto f = run("export --fhir --person 1", false);
  ASSERT_EQ(f.exit_code, 0) << f.out;
  const auto bundle = json::parse(f.out);
  const auto problems = fhir_problems(bundle);
  EXPECT_TRUE(problems.empty()) << problems.front();
  std::multiset<std::string> kinds;
  for (const auto& e : bundle["entry"]) kinds.insert(e["resource"]["resourceType"].get<std::string>());
  EXPECT_EQ(kinds.count("Patient"), 1U);
  EXPECT_EQ(kinds.count("Procedure"), 1U);
  EXPECT_EQ(kinds.count("Observation"), 3U);  // LOP, pain, time in band
  EXPECT_NE(f.out.find("SIMULATED"), std::string::npos);
  EXPECT_NE(f.out.find("72514-3"), std::string::npos);  // LOINC pain score

  for (const auto* format : {"png", "svg", "pdf"}) {
    const auto out = (dir_ / (std::string("session.") + format)).string();
    const auto r = run(std::string("report 1 --format ") + format + " --out " + out);
    ASSERT_EQ(r.exit_code, 0) << r.out;
    ASSERT_GT(std::filesystem::file_size(out), 10000U) << format;
  }
  // PNG: the signature and an A4-landscape 1684 x 1190 image (IHDR width and height, big-endian).
  std::ifstream png(dir_ / "session.png", std::ios::binary);
  std::array<unsigned char, 24> head{};
  png.read(reinterpret_cast<char*>(head.data()), head.size());
  EXPECT_EQ(head[1], 'P');
  EXPECT_EQ((head[16] << 24 | head[17] << 16 | head[18] << 8 | head[19]), 1684);
  EXPECT_EQ((head[20] << 24 | head[21] << 16 | head[22] << 8 | head[23]), 1190);
  const auto svg = shell("head -c 400 " + (dir_ / "session.svg").string());
  EXPECT_NE(svg.out.find("<svg"), std::string::npos);
  EXPECT_NE(svg.out.find("842pt"), std::string::npos);
  // PDF: one page, and the text a physiotherapist reads.
  const auto info = shell("pdfinfo " + (dir_ / "session.pdf").string());
  std::string pages;
  for (std::istringstream lines(info.out); std::getline(lines, pages) && pages.rfind("Pages:", 0) != 0;) {
  }
  EXPECT_EQ(pages.substr(pages.find_last_of(' ') + 1), "1") << info.out;
  const auto text = shell("pdftotext " + (dir_ / "session.pdf").string() + " -");
  // Every axis names its quantity and unit (issue 16), drawn by PLplot into the same PDF.
  for (const auto* expected : {"OpenBFR session 1: Ada Runner", "SIMULATED", "Time in band", "LOP measurement", "Pain: Knee extension (machine or band) 2/10",
                               "Alarms and faults: 0", "Not medical advice", "time, s", "cuff pressure, mmHg", "pulse, mmHg"})
    EXPECT_NE(text.out.find(expected), std::string::npos) << expected << "\n" << text.out;

  const auto progress = (dir_ / "progress.pdf").string();
  ASSERT_EQ(run("report progress --person 1 --format pdf --out " + progress).exit_code, 0);
  const auto ptext = shell("pdftotext " + progress + " -");
  for (const auto* expected : {"OpenBFR progress: Ada Runner", "1 session(s)", "Limb occlusion pressure", "Adherence", "session date (UTC)", "LOP, mmHg",
                               "Pain at the injured tissue", "1 of 1 session(s) above their program's pain rule",
                               "pain-free at the injured bone, up to 0/10"})
    EXPECT_NE(ptext.out.find(expected), std::string::npos) << expected << "\n" << ptext.out;
}

// The same commands on PostgreSQL (the server ctest starts): a clinic that outgrew one machine.
TEST(SessionCliPostgres, TheSameSessionRunsOnPostgreSQL) {
  const char* file = std::getenv("OPENBFR_TEST_POSTGRES_URL_FILE");
  if (!file) GTEST_SKIP() << "no PostgreSQL test server: run through ctest, which starts one";
  std::string admin;
  std::ifstream(file) >> admin;
  ASSERT_FALSE(admin.empty());
  const std::string name = "openbfr_cli_" + std::to_string(::getpid());
  ASSERT_EQ(shell("psql -q '" + admin + "' -c 'CREATE DATABASE " + name + "' 2>&1").exit_code, 0);
  const auto url = admin.substr(0, admin.rfind('/') + 1) + name;
  const auto with_db = [&](const std::string& args) { return bfr(args + " --db " + url); };
  ASSERT_EQ(with_db("person add 'Pat Postgres'").exit_code, 0);
  const auto answers = screening("after-surgery-needs-clearance.json");
  ASSERT_EQ(with_db("plan --answers " + answers + " --injury tibial_bone_stress_injury --equipment knee_extension_machine --cleared --person 1"
                      " --bone-site posteromedial_tibial_shaft --energy-yes none").exit_code, 0);
  const auto s = shell("printf 'n\\nn\\nn\\nn\\n4\\n' | " + std::string(BFR_BINARY) + " session run --person 1 --plan 1 --speed 10 --rep-seconds 1 --db " + url + " 2>&1");
  EXPECT_EQ(s.exit_code, 0) << s.out;
  const auto h = bfr("history --json --db " + url, false);
  ASSERT_EQ(h.exit_code, 0) << h.out;
  const auto history = json::parse(h.out);
  ASSERT_EQ(history.size(), 1U);
  EXPECT_EQ(history[0]["outcome"], "completed");
  EXPECT_GT(history[0]["in_band_pct"].get<double>(), 95.0);
  EXPECT_GT(bfr::store::open_store(url)->samples(1).size(), 10000U);
  const auto score = shell("psql -tA '" + url + "' -c 'SELECT score FROM pain_scores' 2>&1");
  EXPECT_EQ(score.out, "4\n");
  shell("psql -q '" + admin + "' -c 'DROP DATABASE " + name + " WITH (FORCE)' 2>&1");
}

// A year of a busy clinic is thousands of sessions: `bfr history` shows a page, newest first,
// and says how to see the older ones (issue 18).
TEST_F(SessionCli, HistoryComesAPageAtATime) {
  {
    auto db = bfr::store::open_store("sqlite:" + db_);
    for (int day = 1; day <= 3; ++day) {
      bfr::store::Session s;
      s.person_id = 1;
      s.device = "virtual cuff";
      s.simulated = true;
      s.started_at = fmt_day(day);
      db->end_session(db->begin_session(s), "completed", "{}");
    }
  }
  const auto first = run("history --limit 2");
  ASSERT_EQ(first.exit_code, 0) << first.out;
  EXPECT_NE(first.out.find("2026-11-03T09:00"), std::string::npos) << first.out;
  EXPECT_NE(first.out.find("2026-11-02T09:00"), std::string::npos) << first.out;
  EXPECT_EQ(first.out.find("2026-11-01T09:00"), std::string::npos) << first.out;
  EXPECT_NE(first.out.find("Older sessions: bfr history --before 2"), std::string::npos) << first.out;
  const auto older = run("history --limit 2 --before 2");
  EXPECT_NE(older.out.find("2026-11-01T09:00"), std::string::npos) << older.out;
  EXPECT_EQ(older.out.find("2026-11-02T09:00"), std::string::npos) << older.out;
  EXPECT_EQ(older.out.find("Older sessions"), std::string::npos) << "the last page says no more\n" << older.out;
  const auto page = json::parse(run("history --json --person 1 --limit 1", false).out);
  ASSERT_EQ(page.size(), 1U);
  EXPECT_EQ(page[0].at("id"), 3);
  const auto unknown = run("history --before 99");
  EXPECT_NE(unknown.exit_code, 0);
  EXPECT_NE(unknown.out.find("no session 99"), std::string::npos) << unknown.out;
}

TEST_F(SessionCli, BadRequestsAreClearErrorsThatChangeNothing) {
  const auto no_plan = run("session run --person 1 --plan 7");
  EXPECT_EQ(no_plan.exit_code, 2);
  EXPECT_NE(no_plan.out.find("person 1 has no plan 7"), std::string::npos) << no_plan.out;
  const auto no_person = run("session run --person 9 --plan 1");
  EXPECT_EQ(no_person.exit_code, 2);
  EXPECT_NE(no_person.out.find("no person 9"), std::string::npos);
  const auto no_block = run("session run --person 1 --plan 1 --exercise rowing");
  EXPECT_EQ(no_block.exit_code, 2);
  EXPECT_NE(no_block.out.find("plan 1 has no exercise or aerobic block 'rowing'"), std::string::npos) << no_block.out;
  const auto port = run("session run --person 1 --plan 1 --device /dev/null");
  EXPECT_EQ(port.exit_code, 1);
  EXPECT_NE(port.out.find("not a serial port"), std::string::npos) << port.out;
  EXPECT_EQ(run("report 99 --format png").exit_code, 2);
  EXPECT_NE(run("report 1 --format gif").out.find("use png, svg or pdf"), std::string::npos);
  EXPECT_EQ(run("export --fhir").exit_code, 2);
  EXPECT_EQ(sql("SELECT count(*) FROM sessions"), "0");
  EXPECT_EQ(sql("SELECT count(*) FROM people"), "1");
}

// Erasure from the command line: the name must be typed as stored; then the person, their
// screening and plan are gone and the audit log records it without the name.
TEST_F(SessionCli, PersonEraseNeedsTheNameAndLeavesOnlyAnAuditLine) {
  const auto wrong = run("person erase 1 --confirm 'Ada'");
  EXPECT_EQ(wrong.exit_code, 2);
  EXPECT_NE(wrong.out.find("--confirm \"Ada Runner\""), std::string::npos) << wrong.out;
  EXPECT_NE(wrong.out.find("bfr export --fhir --person 1"), std::string::npos) << wrong.out;
  EXPECT_EQ(sql("SELECT count(*) FROM people"), "1") << "nothing erased on a refusal";
  const auto erased = run("person erase 1 --confirm 'Ada Runner'");
  ASSERT_EQ(erased.exit_code, 0) << erased.out;
  EXPECT_NE(erased.out.find("Erased person 1"), std::string::npos) << erased.out;
  EXPECT_EQ(sql("SELECT count(*) FROM people"), "0");
  EXPECT_EQ(sql("SELECT count(*) FROM screenings"), "0");
  EXPECT_EQ(sql("SELECT count(*) FROM plans"), "0");
  EXPECT_EQ(sql("SELECT action || ' ' || object || ' [' || detail || ']' FROM audit_log ORDER BY id DESC LIMIT 1"), "athlete.erase person/1 []");
  EXPECT_EQ(run("person erase 1 --confirm 'Ada Runner'").exit_code, 2) << "no person 1 any more";
}

TEST_F(SessionCli, ClinicAddMakesAClinicWithItsAdministratorAndNothingHalfMade) {
  const auto made = run("clinic add 'Harbour Physio' --admin lead@harbour.test --json", false);
  ASSERT_EQ(made.exit_code, 0) << made.out;
  const auto j = nlohmann::json::parse(made.out);
  EXPECT_EQ(j["name"], "Harbour Physio");
  EXPECT_GE(j["admin_password"].get<std::string>().size(), 10U);
  EXPECT_EQ(sql("SELECT name FROM clinics WHERE id = " + std::to_string(j["clinic_id"].get<int>())), "Harbour Physio");
  EXPECT_EQ(sql("SELECT role FROM users WHERE email = 'lead@harbour.test'"), "admin");
  // An address is one account per clinic (issue 17): another clinic may use it for its own.
  const auto second = run("clinic add 'Second' --admin LEAD@harbour.test");
  EXPECT_EQ(second.exit_code, 0) << second.out;
  EXPECT_NE(second.out.find("signs in with the clinic's number: 3"), std::string::npos) << second.out;
  EXPECT_EQ(sql("SELECT count(*) FROM users WHERE email = 'lead@harbour.test'"), "2");
  const auto refused = run("clinic add 'Third' --admin not-an-address");
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_NE(refused.out.find("not an e-mail address"), std::string::npos) << refused.out;
  EXPECT_EQ(sql("SELECT count(*) FROM clinics"), "3") << "this machine's, Harbour Physio and Second: nothing half-made";
}

// Issue 13: a yes to a day-of-session question ends the session before the cuff inflates, and is
// stored; a clearance (this person's plan was made with --cleared) does not override it.
TEST_F(SessionCli, AFeverTodayEndsTheSessionBeforeTheCuffInflates) {
  const auto s = shell("printf 'y\\n' | " + bfr_line("session run --person 1 --plan 1 --speed 10 --plain") + " 2>&1");
  EXPECT_EQ(s.exit_code, 1) << s.out;
  EXPECT_NE(s.out.find("Not today: Unwell or feverish today"), std::string::npos) << s.out;
  EXPECT_NE(s.out.find("The cuff was not inflated"), std::string::npos) << s.out;
  EXPECT_EQ(s.out.find("Measuring LOP"), std::string::npos) << s.out;
  EXPECT_EQ(sql("SELECT outcome FROM sessions WHERE id = 1"), "not_today");
  EXPECT_LE(highest_pressure(), 20.0);
  EXPECT_EQ(sql("SELECT count(*) FROM events WHERE session_id = 1 AND kind = 'not_today'"), "1");
}

TEST_F(SessionCli, CtrlCOnARealTerminalDeflatesFirstAndRecordsTheStop) {
  // `script` gives bfr a real pseudo-terminal (so the live display is on); the ETX byte it
  // forwards 3 s in is turned into SIGINT by the terminal, as a keyboard's Ctrl-C is.
  const auto r = shell("(printf '" + std::string(kDayCheckAllNo) + "'; sleep 3; printf '\\003'; sleep 3) | script -qec '" + bfr_line("session run --person 1 --plan 1 --speed 10") +
                       "' /dev/null 2>&1");
  EXPECT_EQ(r.exit_code, 130) << r.out;
  EXPECT_NE(r.out.find("\033[K"), std::string::npos) << "the live display redraws its line";
  EXPECT_NE(r.out.find("Measuring LOP"), std::string::npos);
  EXPECT_NE(r.out.find("stopped by the operator"), std::string::npos) << r.out;
  EXPECT_EQ(sql("SELECT outcome FROM sessions WHERE id = 1"), "stopped");
  const auto samples = stored_samples();
  ASSERT_FALSE(samples.empty());
  const double last = samples.back().pressure_mmHg;
  const double highest = highest_pressure();
  EXPECT_GT(highest, 60.0) << "the cuff was inflated when Ctrl-C came";
  EXPECT_LT(last, 20.0) << "and was empty when the session ended";
}

// Issue 14: in an 80-column terminal the 125-character status line wrapped, and every redraw
// scrolled a new line. In a real pseudo-terminal set to 80x24, every redrawn line now fits.
TEST_F(SessionCli, TheLiveLineFitsAnEightyColumnTerminal) {
  const auto r = shell("(printf '" + std::string(kDayCheckAllNo) + "'; sleep 8; printf '\\003'; sleep 3) | script -qec 'stty cols 80 rows 24; " +
                       bfr_line("session run --person 1 --plan 1 --speed 10 --rep-seconds 1") + "' /dev/null 2>&1");
  EXPECT_EQ(r.exit_code, 130) << r.out;
  const std::string redraw = "\r\033[K";
  int status_lines = 0, in_a_set = 0;
  for (std::size_t at = r.out.find(redraw); at != std::string::npos;) {
    const auto next = r.out.find(redraw, at + redraw.size());
    std::string line = r.out.substr(at + redraw.size(), (next == std::string::npos ? r.out.size() : next) - at - redraw.size());
    line = line.substr(0, line.find_first_of("\r\n"));
    if (line.find("mmHg") != std::string::npos && line.find('?') == std::string::npos) {  // not a question
      ++status_lines;
      in_a_set += line.find("set 1 of 4") != std::string::npos ? 1 : 0;
      EXPECT_LE(bfr::session::visible_width(line), 79) << line;
    }
    at = next;
  }
  EXPECT_GT(status_lines, 20) << r.out;
  EXPECT_GT(in_a_set, 0) << "the first set began within 8 s at 10x (LOP takes about 4)\n" << r.out;
}

TEST_F(SessionCli, ADeviceOnAPseudoTerminalThatVanishesEndsTheSession) {
  const auto [pid, path] = start_device_sim("--speed 10 --seed 4");
  ASSERT_EQ(path.rfind("/dev/pts/", 0), 0U) << path;
  const auto r = session_until_the_device_is_killed(pid, path, std::chrono::seconds(4));
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(r.out.find("on the " + path + " (SIMULATED"), std::string::npos) << "the device said it is simulated\n" << r.out;
  EXPECT_NE(r.out.find("device_lost"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("check that the cuff is empty"), std::string::npos);
  EXPECT_EQ(sql("SELECT outcome FROM sessions WHERE id = 1"), "device_lost");
  EXPECT_GT(stored_samples().size(), 1000U) << "telemetry arrived over the pseudo-terminal";
}

// Issue 15: the same session on the firmware image running on the emulated Cortex-M4 (QEMU), the
// host line through the pseudo-terminal, unchanged. The board reports itself simulated.
TEST_F(SessionCli, ASessionRunsOnTheFirmwareOnTheEmulatedBoard) {
  const auto [pid, path] = start_device_sim("--hil --seed 4");
  ASSERT_EQ(path.rfind("/dev/pts/", 0), 0U) << path;
  const auto emulator = shell("pgrep -P " + std::to_string(pid)).out;  // QEMU, started by device-sim
  ASSERT_FALSE(emulator.empty());
  // Killed once the LOP search has inflated the cuff past 30 mmHg, however fast the emulator runs
  // on this machine (beside the other tests it can fall well below real time).
  const auto inflated = [this] {
    return highest_pressure() > 30.0;
  };
  const auto r = session_until_the_device_is_killed(pid, path, std::chrono::seconds(90), inflated);
  // A SIGKILLed device-sim leaves no emulator behind (it would spin a core for ever). Gone: no
  // such process, or a zombie that only waits for its new parent to reap it.
  const auto gone = shell("for i in $(seq 40); do s=$(ps -o stat= -p " + emulator.substr(0, emulator.find('\n')) +
                          "); case \"$s\" in ''|Z*) exit 0;; esac; sleep 0.05; done; exit 1");
  EXPECT_EQ(gone.exit_code, 0) << "QEMU " << emulator << " outlived its device-sim";
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(r.out.find("on the " + path + " (SIMULATED"), std::string::npos) << "the firmware said it is simulated\n" << r.out;
  EXPECT_NE(r.out.find("Measuring LOP"), std::string::npos) << r.out;
  EXPECT_EQ(sql("SELECT outcome FROM sessions WHERE id = 1"), "device_lost");
  // Telemetry at 100 Hz while the search inflated the cuff.
  EXPECT_GT(stored_samples().size(), 200U) << "telemetry arrived from the emulated board";
  EXPECT_GT(highest_pressure(), 30.0);
}

TEST(Cli, DeviceSimHilRefusesASpeedItCannotKeep) {
  const auto r = shell(std::string(BFR_BINARY) + " device-sim --pty --hil --speed 10 2>&1");
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.out.find("at most at real time"), std::string::npos) << r.out;
}

TEST_F(SessionCli, SigkillMidSessionLosesAtMostTheLastSecondAndLeavesTheDatabaseConsistent) {
  const auto log = (dir_ / "session.log").string();
  const auto started = shell("printf '" + std::string(kDayCheckAllNo) + "' | " + bfr_line("session run --person 1 --plan 1 --plain") + " > " +
                             log + " 2>&1 & echo $!");
  const auto pid = std::stoi(started.out);
  // Wait for the session row, then let it run (at real time) for a few seconds.
  for (int i = 0; i < 100 && sql("SELECT count(*) FROM sessions") != "1"; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  ASSERT_EQ(sql("SELECT count(*) FROM sessions"), "1");
  std::this_thread::sleep_for(std::chrono::milliseconds(4500));
  const auto killed_at = std::chrono::system_clock::now();
  ASSERT_EQ(::kill(pid, SIGKILL), 0);
  shell("while kill -0 " + std::to_string(pid) + " 2>/dev/null; do sleep 0.05; done");

  EXPECT_EQ(sql("PRAGMA integrity_check"), "ok");
  EXPECT_EQ(sql("SELECT outcome FROM sessions WHERE id = 1"), "running") << "killed: never ended";
  // The device clock starts just before the session row is written, so the time from the row to
  // the kill is a lower bound on the device time at the kill.
  const auto started_at = sql("SELECT started_at FROM sessions WHERE id = 1");
  std::tm tm{};
  strptime(started_at.c_str(), "%Y-%m-%dT%H:%M:%S", &tm);
  const auto start = std::chrono::system_clock::from_time_t(timegm(&tm)) + std::chrono::milliseconds(std::stoi(started_at.substr(20, 3)));
  const auto device_ms_at_kill = std::chrono::duration_cast<std::chrono::milliseconds>(killed_at - start).count();
  const auto samples = stored_samples();
  ASSERT_FALSE(samples.empty());
  const auto last_ms = samples.back().t_ms;
  const auto first_ms = samples.front().t_ms;
  const auto count = static_cast<long long>(samples.size());
  EXPECT_GE(last_ms, device_ms_at_kill - 1000) << "lost more than the last second";
  EXPECT_NEAR(static_cast<double>(count), static_cast<double>(last_ms - first_ms) / 10.0 + 1.0, 3.0) << "a gap in what was kept";
}

}  // namespace

namespace {

TEST(BenchStore, PrintsJsonWithBothRunsAndTheTarget) {
  const auto dir = std::filesystem::temp_directory_path() / ("openbfr-bench-store-test-" + std::to_string(::getpid()));
  const auto r = bfr("bench store --json --samples 5000 --sessions 2 --dir " + dir.string(), false);
  const auto j = json::parse(r.out);
  EXPECT_EQ(j["backend"], "sqlite");
  ASSERT_EQ(j["runs"].size(), 2U);
  EXPECT_EQ(j["runs"][0]["samples_per_transaction"], 50);
  EXPECT_EQ(j["runs"][1]["samples_per_transaction"], 1);
  // Speed is the benchmark's to report, not this test's to time (a sanitizer build on a busy
  // machine is slower than a cuff needs): the verdict must agree with the figures and the exit code.
  const bool fast = j["runs"][0]["samples_per_second"].get<double>() >= j["target_samples_per_second"].get<double>();
  // Sizes do not depend on the machine: blocks are far under the target, rows far over it.
  const auto& sizes = j["size"]["databases"];
  ASSERT_EQ(sizes.size(), 2U);
  EXPECT_LT(sizes[0]["bytes_per_sample"].get<double>(), j["target_bytes_per_sample"].get<double>());
  EXPECT_GT(sizes[1]["bytes_per_sample"].get<double>(), 40.0);
  EXPECT_EQ(j["size"]["codec"].size(), 6U);
  EXPECT_EQ(j["target_met"].get<bool>(), fast);
  EXPECT_EQ(r.exit_code, fast ? 0 : 1) << r.out;
  for (const auto* file : {"ingest-benchmark.sqlite", "size-benchmark.sqlite"})
    EXPECT_FALSE(std::filesystem::exists(dir / file)) << "the benchmark cleans up " << file;
  std::filesystem::remove_all(dir);
}

// A day of the year generator: what it wrote, and the queries it timed, in JSON.
TEST(BenchStore, AYearsFirstDayIsWrittenAndTimed) {
  const auto dir = std::filesystem::temp_directory_path() / ("openbfr-bench-year-test-" + std::to_string(::getpid()));
  const auto r = bfr("bench store --year --days 1 --json --dir " + dir.string(), false);
  const auto j = json::parse(r.out);
  EXPECT_EQ(j["sessions"], 30);
  EXPECT_EQ(j["people"], 30) << "each of the day's 30 sessions is a new person's first";
  EXPECT_GT(j["samples"].get<long>(), 30 * 20000);
  EXPECT_LT(j["bytes_per_sample"].get<double>(), 4.0) << "with people, plans, events and indexes";
  for (const auto* query : {"chart", "history", "athlete_page"}) {
    EXPECT_GT(j[query]["p99_ms"].get<double>(), 0.0) << query;
    EXPECT_EQ(j[query]["met"].get<bool>(), j[query]["p99_ms"].get<double>() <= j[query]["target_p99_ms"].get<double>()) << query;
  }
  EXPECT_EQ(r.exit_code, j["targets_met"].get<bool>() ? 0 : 1);
  EXPECT_FALSE(std::filesystem::exists(dir / "year.sqlite")) << "removed without --keep";
  std::filesystem::remove_all(dir);
}

}  // namespace

namespace {

TEST(BenchServe, PrintsJsonWithLatencyErrorsAndStreams) {
  const auto r = bfr("bench serve --json --seconds 2 --rate 50 --streams 2", false);
  const auto j = json::parse(r.out);
  EXPECT_EQ(j["backend"], "sqlite");
  EXPECT_EQ(j["durability"], "WAL, synchronous NORMAL");
  EXPECT_EQ(j["requests"], 100);
  EXPECT_EQ(j["errors"], 0);
  EXPECT_EQ(j["streams_open"], 2);
  EXPECT_GT(j["stream_frames"].get<long>(), 10);
  EXPECT_LE(j["p50_ms"].get<double>(), j["p99_ms"].get<double>());
  EXPECT_EQ(r.exit_code, j["target_met"].get<bool>() ? 0 : 1);
}

// A short attack: the real `bfr serve` as its own process, slow connections from many loopback
// addresses, watchers and a sign-in flood. Latency is the benchmark's to report, not this test's.
TEST(BenchAttack, ServesThroughASmallAttackAndReportsWhatItMeasured) {
  const auto r = bfr("bench attack --json --seconds 2 --slow 120 --sessions 2 --watchers 20 --flooders 2", false);
  const auto j = json::parse(r.out);
  EXPECT_EQ(j["slow_connections_open_lowest"], 120) << "from three addresses, under the server's 64 per address";
  EXPECT_EQ(j["watchers_open"], 20);
  EXPECT_EQ(j["watchers_with_every_message"], 20);
  EXPECT_EQ(j["me"]["count"], 40);
  EXPECT_EQ(j["me"]["failed"], 0);
  EXPECT_EQ(j["stop"]["count"], 2);
  EXPECT_EQ(j["stop"]["failed"], 0);
  EXPECT_EQ(j["session_outcomes"], json({{"stopped", 2}})) << "no session lost its device";
  EXPECT_GT(j["sign_in_flood_answers"].value("401", 0), 0) << "the flood's wrong passwords were checked";
  EXPECT_GT(j["server_peak_rss_mb"].get<double>(), 10.0) << "the server process's own memory";
  EXPECT_EQ(r.exit_code, j["target_met"].get<bool>() ? 0 : 1);
}

}  // namespace

// End-to-end: the bfr binary run as a user runs it, output and exit codes checked.

#include <gtest/gtest.h>

#include "cli_helpers.hpp"

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <sys/wait.h>

namespace {

using bfr::test::bfr;
using bfr::test::Result;
using bfr::test::shell;

std::string example(const char* name) { return std::string(OPENBFR_SOURCE_DIR) + "/examples/scenarios/" + name; }

TEST(Cli, HelpAndVersion) {
  const auto help = bfr("--help");
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("Not medical advice"), std::string::npos);
  EXPECT_NE(help.out.find("sim"), std::string::npos);
  const auto version = bfr("--version");
  EXPECT_EQ(version.exit_code, 0);
  EXPECT_NE(version.out.find("bfr 0.1.0"), std::string::npos);
}

TEST(Cli, SimRunPrintsALabelledSummary) {
  const auto r = bfr("sim run " + example("passive-leg-press.json"));
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("SIMULATED"), std::string::npos);
  EXPECT_NE(r.out.find("true LOP"), std::string::npos);
  EXPECT_NE(r.out.find("peak"), std::string::npos);
}

TEST(Cli, SimRunJsonAndTrace) {
  const auto trace = std::filesystem::temp_directory_path() / "openbfr-cli-test-trace.csv";
  const auto r = bfr("sim run " + example("inflate-hold-deflate.json") + " --json --out " + trace.string());
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_TRUE(j.at("simulated").get<bool>());
  EXPECT_GT(j.at("true_lop_mmHg").get<double>(), 100.0);
  EXPECT_GT(j.at("true_cuff_mmHg").at("max").get<double>(), 100.0);
  std::ifstream csv(trace);
  std::string banner, header, row;
  std::getline(csv, banner);
  std::getline(csv, header);
  std::getline(csv, row);
  EXPECT_NE(banner.find("simulated"), std::string::npos);
  EXPECT_NE(header.find("measured_mmHg"), std::string::npos);
  EXPECT_NE(header.find("true_cuff_mmHg"), std::string::npos);
  EXPECT_FALSE(row.empty());
  std::filesystem::remove(trace);
}

TEST(Cli, HilRunInProcessReportsTheFirmwareAndWhatItDid) {
  // The in-process firmware (the emulated one is tests/hil's): the command's wiring and JSON.
  const auto r = bfr("hil run " + example("hil-sensor-disconnect.json") + " --in-process --json");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_TRUE(j.at("simulated").get<bool>());
  EXPECT_EQ(j.at("firmware").at("ran_on"), "in-process");
  EXPECT_EQ(j.at("firmware").at("ticks"), 12000);
  EXPECT_EQ(j.at("device").at("fault"), "sensor_out_of_range");
}

TEST(Cli, HilRunRefusesWhatTheFirmwareCannotRunWithTheReason) {
  const auto timeline = bfr("hil run " + example("inflate-hold-deflate.json") + " --in-process");
  EXPECT_EQ(timeline.exit_code, 2);
  EXPECT_NE(timeline.out.find("timeline"), std::string::npos) << timeline.out;
  const auto baseline = bfr("hil run " + example("passive-leg-press.json") + " --in-process");
  EXPECT_EQ(baseline.exit_code, 2);
  EXPECT_NE(baseline.out.find("must be \"ours\""), std::string::npos) << baseline.out;
}

TEST(Cli, BadScenarioNamesTheKeyAndExitsWithTwo) {
  const auto bad = std::filesystem::temp_directory_path() / "openbfr-cli-test-bad.json";
  std::ofstream(bad) << R"({"schema": 1, "person": {"systolic_mmHg": 900}, "actuation": {"controller": "passive"}})";
  const auto r = bfr("sim run " + bad.string());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("person.systolic_mmHg is 900, outside the accepted range 70 to 250"), std::string::npos) << r.out;
  std::filesystem::remove(bad);
  EXPECT_EQ(bfr("sim run /nonexistent.json").exit_code, 2);
}

// Passwords and session cookies must not cross the clinic network in clear text (issue 17).
TEST(Cli, ServeRefusesPlainHttpOffLoopbackUnlessToldAndNeedsBothTlsFiles) {
  const auto db = std::filesystem::temp_directory_path() / "openbfr-cli-test-serve.sqlite";
  auto r = bfr("--db " + db.string() + " serve --host 0.0.0.0 --port 0");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("--host 0.0.0.0 would send passwords and session cookies over the network in clear text: give --tls-cert FILE --tls-key FILE"),
            std::string::npos) << r.out;
  r = bfr("--db " + db.string() + " serve --tls-cert /nonexistent.crt --port 0");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("--tls-cert and --tls-key go together"), std::string::npos) << r.out;
  r = bfr("--db " + db.string() + " serve --tls-cert /nonexistent.crt --tls-key /nonexistent.key --port 0");
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.out.find("cannot use the TLS certificate /nonexistent.crt"), std::string::npos) << r.out;
  EXPECT_FALSE(std::filesystem::exists(db)) << "refused before the database was made";
  std::filesystem::remove(db);
}

TEST(Cli, CalibrateFastJsonAllPass) {
  const auto r = bfr("sim calibrate --fast --json", false);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j.at("failed").get<int>(), 0);
  EXPECT_TRUE(j.at("simulated").get<bool>());
}

TEST(Cli, BenchSimReportsItsTargetInJson) {
  const auto r = bfr("bench sim --json --seconds 20 --repeats 1", false);
  ASSERT_TRUE(r.exit_code == 0 || r.exit_code == 1) << r.out;  // speed depends on the build type
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j.at("target_real_time_factor").get<double>(), 1000.0);
  EXPECT_EQ(j.at("runs").size(), 2u);
  EXPECT_GT(j.at("runs")[0].at("real_time_factor").get<double>(), 0.0);
}

TEST(Cli, UnknownSubcommandIsBadInput) { EXPECT_EQ(bfr("frobnicate").exit_code, 2); }

}  // namespace

namespace {

TEST(Cli, SimRunWithOurControllerReportsTheDevice) {
  const auto r = bfr("sim run " + example("passive-leg-press.json") + " --controller ours --json", false);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j.at("strategy").get<std::string>(), "ours");
  EXPECT_TRUE(j.at("device").at("fault").is_null());
  EXPECT_GE(j.at("regulation").at("exercise_time_within_10pct").get<double>(), 0.99);
  const auto bad = bfr("sim run " + example("passive-leg-press.json") + " --controller magic");
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.out.find("magic not in {ours,passive,deadband}"), std::string::npos) << bad.out;
}

}  // namespace

namespace {

std::string screening(const char* name) { return std::string(OPENBFR_SOURCE_DIR) + "/examples/screening/" + name; }

TEST(CliClinic, ScreenFromAnAnswersFile) {
  const auto ok = bfr("screen --answers " + screening("healthy-runner.json"));
  EXPECT_EQ(ok.exit_code, 0) << ok.out;
  EXPECT_NE(ok.out.find("Result: suitable"), std::string::npos);
  EXPECT_NE(ok.out.find("not medical advice"), std::string::npos);
  const auto clot = bfr("screen --json --answers " + screening("history-of-clot.json"), false);
  const auto j = nlohmann::json::parse(clot.out);
  EXPECT_EQ(j.at("verdict").get<std::string>(), "not suitable");
  EXPECT_FALSE(j.at("reasons")[0].at("sources").empty());
  EXPECT_NE(bfr("screen --answers " + screening("calf-pain-now.json")).out.find("seek medical care now"), std::string::npos);
}

// The questionnaire in the terminal: answers typed on standard input.
Result bfr_typed(const std::string& typed, const std::string& args) {
  return shell("printf '" + typed + "' | " + std::string(BFR_BINARY) + " " + args + " 2>&1");
}

TEST(CliClinic, InteractiveScreenStopsAtARedFlag) {
  // The first red-flag question (calf pain with swelling): yes; no clinician has excluded a clot.
  const auto r = bfr_typed("y\\nn\\n", "screen");
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("seek medical care now"), std::string::npos) << r.out;
}

// Issue 13: a calf strain diagnosed by a clinician, a clot excluded, is recorded with who and when
// (a date that is not a date is asked again) and the screening goes on.
TEST(CliClinic, InteractiveScreenRecordsAClotExcludedByAClinician) {
  std::string typed = "y\\ny\\nDr A. Example\\nlast week\\n2026-11-20\\nn\\n34\\nfemale\\n170\\n60\\nleg\\n";
  for (int i = 0; i < 22; ++i) typed += "n\\n";
  const auto r = bfr_typed(typed, "screen");
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("Please give the date as YYYY-MM-DD"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Result: suitable"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("a clot excluded by Dr A. Example on 2026-11-20"), std::string::npos) << r.out;
}

TEST(CliClinic, InteractiveScreenRunsToTheEnd) {
  // Two red flags (n), age, sex (a wrong answer first), height, weight, limb, then the rest (n).
  std::string typed = "n\\nn\\n34\\nmaybe\\nfemale\\n170\\n60\\nleg\\n";
  for (int i = 0; i < 22; ++i) typed += "n\\n";
  const auto r = bfr_typed(typed, "screen");
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("Please answer male or female"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Result: suitable"), std::string::npos) << r.out;
}

TEST(CliClinic, EndOfInputIsAClearError) {
  const auto r = bfr("screen < /dev/null");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("input ended"), std::string::npos) << r.out;
}

TEST(CliClinic, LopEstimateAndRefusal) {
  const auto e = bfr("lop estimate --limb thigh --circumference 56 --cuff-width 18 --systolic 120 --diastolic 75 --age 25 --sex male --json", false);
  ASSERT_EQ(e.exit_code, 0) << e.out;
  const auto j = nlohmann::json::parse(e.out);
  EXPECT_NEAR(j.at("estimate_mmHg").get<double>(), 169.65, 0.01);
  const auto refused = bfr("lop estimate --limb thigh --circumference 56 --cuff-width 5 --systolic 120 --diastolic 75 --age 25 --sex male");
  EXPECT_NE(refused.out.find("No estimate"), std::string::npos);
  const auto bad = bfr("lop estimate --limb thigh --circumference 56 --cuff-width 18 --systolic 900 --diastolic 75 --age 25 --sex male");
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.out.find("systolic_mmHg is 900; accepted range 70 to 250"), std::string::npos);
}

TEST(CliClinic, ExplainShowsGradesAndCitations) {
  const auto r = bfr("explain runners");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("evidence: low"), std::string::npos);
  EXPECT_NE(r.out.find("Hughes L"), std::string::npos);
  EXPECT_EQ(bfr("explain astrology").exit_code, 2);
  EXPECT_NE(bfr("explain references").out.find("doi:10.1136/bjsports-2016-097071"), std::string::npos);
}

}  // namespace

namespace {

TEST(CliClinic, PlanForAnInjuredRunnerAndRefusals) {
  const std::string answers = std::string(OPENBFR_SOURCE_DIR) + "/examples/screening/";
  const auto p = bfr("plan --answers " + answers + "healthy-runner.json --injury tibial_bone_stress_injury --phase 1 "
                     "--bone-site posteromedial_tibial_shaft --energy-yes none "
                     "--equipment knee_extension_machine,hamstring_curl_machine,calf_machine,bike --lop seated=200 --test knee_extension:40:8 --json",
                     false);
  ASSERT_EQ(p.exit_code, 0) << p.out;
  const auto j = nlohmann::json::parse(p.out);
  EXPECT_EQ(j.at("exercises").size(), 3u);
  EXPECT_EQ(j.at("exercises")[0].at("posture"), "seated");
  EXPECT_NEAR(j.at("exercises")[0].at("pressure_mmHg").get<double>(), 120.0, 1e-9);
  // The lying hamstring curl gets no pressure from the seated LOP: the cuff measures it prone.
  EXPECT_EQ(j.at("exercises")[1].at("posture"), "prone");
  EXPECT_FALSE(j.at("exercises")[1].contains("pressure_mmHg")) << j.dump(1);
  EXPECT_TRUE(j.at("lop_mmHg").at("prone").is_null());
  EXPECT_EQ(j.at("lop_mmHg").at("seated"), 200.0);
  const auto bare = bfr("plan --answers " + answers + "healthy-runner.json --injury tibial_bone_stress_injury --lop 200");
  EXPECT_EQ(bare.exit_code, 2);
  EXPECT_NE(bare.out.find("must name the posture it was measured in: POSTURE=MMHG, e.g. --lop seated=200"), std::string::npos) << bare.out;
  const auto lying = bfr("plan --answers " + answers + "healthy-runner.json --injury tibial_bone_stress_injury --lop lying=200"
                         " --bone-site posteromedial_tibial_shaft --energy-yes none");
  EXPECT_EQ(lying.exit_code, 2);
  EXPECT_NE(lying.out.find("LOP posture is 'lying'; accepted: supine, prone, seated, standing"), std::string::npos) << lying.out;
  EXPECT_GT(j.at("exercises")[0].at("load_kg").get<double>(), 9.0);
  const auto healthy = bfr("plan --answers " + answers + "healthy-runner.json --injury healthy");
  EXPECT_NE(healthy.out.find("gains little"), std::string::npos) << healthy.out;
  const auto clot = bfr("plan --answers " + answers + "history-of-clot.json --injury calf_strain");
  EXPECT_NE(clot.out.find("No BFR plan"), std::string::npos) << clot.out;
  const auto bad = bfr("plan --answers " + answers + "healthy-runner.json --injury broken_leg");
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.out.find("accepted: healthy, tibial_bone_stress_injury"), std::string::npos) << bad.out;
}

}  // namespace

namespace {

// The same questionnaire on a real pseudo-terminal (util-linux `script` allocates one), as a
// person at a terminal would see it.
TEST(CliClinic, InteractiveScreenOnAPseudoTerminal) {
  const std::string cmd = "printf 'n\\nn\\n30\\nmale\\n180\\n75\\nleg\\n" + std::string(22 * 3, ' ') +
                          "' | sed 's/   /n\\n/g' | script -qec '" + std::string(BFR_BINARY) + " screen' /dev/null 2>&1";
  const std::string out = shell(cmd).out;
  EXPECT_NE(out.find("Right now, do you have pain in one calf"), std::string::npos) << out;
  EXPECT_NE(out.find("Result: suitable"), std::string::npos) << out;
}

}  // namespace

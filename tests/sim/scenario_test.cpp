#include "sim/scenario.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>

namespace bfr::sim {
namespace {

using ::testing::HasSubstr;

std::string minimal(const std::string& extra = "") {
  return R"({"schema": 1, "actuation": {"controller": "passive"})" + extra + "}";
}

std::string error_of(const std::string& json) {
  try {
    parse_scenario(json);
  } catch (const ScenarioError& e) {
    return e.what();
  }
  return "no error";
}

TEST(Scenario, EveryExampleFileParses) {
  int n = 0;
  for (const auto& entry : std::filesystem::directory_iterator(OPENBFR_EXAMPLES_DIR)) {
    if (entry.path().extension() != ".json") continue;
    EXPECT_NO_THROW(load_scenario(entry.path())) << entry.path();
    ++n;
  }
  EXPECT_GE(n, 4);
}

TEST(Scenario, DefaultsAreFilledIn) {
  const auto s = parse_scenario(minimal());
  EXPECT_EQ(s.plant.limb, LimbKind::thigh);
  EXPECT_EQ(s.plant.posture, Posture::seated);
  EXPECT_DOUBLE_EQ(s.plant.step.milliseconds(), 1.0);
  EXPECT_EQ(std::get<ControllerChoice>(s.actuation).name, "passive");
}

TEST(Scenario, UnknownKeysAreRejectedByTheirPath) {
  EXPECT_THAT(error_of(minimal(R"(, "durration_s": 5)")), HasSubstr("durration_s is not a known key"));
  EXPECT_THAT(error_of(minimal(R"(, "person": {"systolic": 120})")), HasSubstr("person.systolic is not a known key"));
  EXPECT_THAT(error_of(minimal(R"(, "cuff": {"width_cm": 11.5, "colour": "red"})")), HasSubstr("cuff.colour"));
}

TEST(Scenario, BadValuesNameTheKeyAndTheAcceptedRange) {
  EXPECT_THAT(error_of(minimal(R"(, "person": {"systolic_mmHg": 900})")),
              HasSubstr("person.systolic_mmHg is 900, outside the accepted range 70 to 250"));
  EXPECT_THAT(error_of(minimal(R"(, "cuff": {"width_cm": 25})")), HasSubstr("cuff.width_cm is 25"));
  EXPECT_THAT(error_of(minimal(R"(, "person": {"thigh_circumference_cm": -4})")), HasSubstr("thigh_circumference_cm"));
  EXPECT_THAT(error_of(minimal(R"(, "posture": "upside_down")")), HasSubstr("posture is \"upside_down\"; accepted:"));
  EXPECT_THAT(error_of(minimal(R"(, "faults": [{"type": "gremlins", "at_s": 1}])")), HasSubstr("faults[0].type"));
  EXPECT_THAT(error_of(minimal(R"(, "exercise": {"sets": [30, 0]})")), HasSubstr("exercise.sets[1]"));
  EXPECT_THAT(error_of(minimal(R"(, "person": {"systolic_mmHg": 100, "diastolic_mmHg": 95})")),
              HasSubstr("person.diastolic_mmHg must be at least 10 mmHg below"));
}

TEST(Scenario, PartsAreNominalUnlessDrawnAndADrawnDeviceIsItsSeeds) {
  EXPECT_EQ(parse_scenario(minimal()).plant.parts, Parts::nominal);
  EXPECT_THAT(error_of(minimal(R"(, "parts": "cheap")")), HasSubstr("parts is \"cheap\"; accepted: nominal, drawn"));
  const auto spec = parse_scenario(minimal(R"(, "parts": "drawn", "seed": 12)")).plant;
  ASSERT_EQ(spec.parts, Parts::drawn);
  // The plant draws both sensors: the same seed gives the same device, its two sensors differ,
  // and a nominal plant of the same seed reads differently.
  const auto mean_of = [](PlantSpec s, bool line) {
    Plant plant(std::move(s));
    plant.preset_cuff_pressure(units::mmHg(200.0));
    double sum = 0.0;
    int n = 0;
    for (int i = 0; i < 2000; ++i) {
      const auto r = plant.step(ActuatorCommand{.dump_valve_powered = true});
      const auto& v = line ? r.cuff_line_pressure : r.cuff_pressure;
      if (v) sum += v->mmHg(), ++n;
    }
    return sum / n;
  };
  EXPECT_DOUBLE_EQ(mean_of(spec, false), mean_of(spec, false));
  EXPECT_GT(std::abs(mean_of(spec, false) - mean_of(spec, true)), 0.05);
  auto nominal = spec;
  nominal.parts = Parts::nominal;
  EXPECT_GT(std::abs(mean_of(spec, false) - mean_of(nominal, false)), 0.05);
}

TEST(Scenario, StructuralMistakesAreExplained) {
  EXPECT_THAT(error_of("{not json"), HasSubstr("not valid JSON"));
  EXPECT_THAT(error_of(R"({"actuation": {"controller": "passive"}})"), HasSubstr("schema is required"));
  EXPECT_THAT(error_of(R"({"schema": 1})"), HasSubstr("actuation is required"));
  EXPECT_THAT(error_of(minimal(R"(, "person": {}, "population": {"cohort": "adults"})")),
              HasSubstr("cannot be given together"));
  EXPECT_THAT(error_of(R"({"schema": 1, "actuation": {"timeline": [{"at_s": 5}, {"at_s": 2}]}})"),
              HasSubstr("actuation.timeline[1].at_s must not be earlier"));
  EXPECT_THAT(error_of(R"({"schema": 1, "actuation": {"timeline": [{"at_s": 0}], "controller": "passive"}})"),
              HasSubstr("exactly one of timeline or controller"));
}

TEST(Scenario, TimelineStepsCarryForwardOmittedFields) {
  const auto s = parse_scenario(R"({"schema": 1, "actuation": {"timeline": [
      {"at_s": 0, "pump": 1.0, "inflate_valve_open": true, "dump_valve_powered": true},
      {"at_s": 8, "pump": 0.0}]}})");
  const auto& steps = std::get<std::vector<TimelineStep>>(s.actuation);
  ASSERT_EQ(steps.size(), 2u);
  EXPECT_TRUE(steps[1].command.inflate_valve_open);
  EXPECT_TRUE(steps[1].command.dump_valve_powered);
  EXPECT_DOUBLE_EQ(steps[1].command.pump_duty, 0.0);
}

TEST(Scenario, APopulationPersonIsReproducible) {
  const auto a = parse_scenario(minimal(R"(, "population": {"cohort": "adults", "seed": 3, "index": 5})"));
  const auto b = parse_scenario(minimal(R"(, "population": {"cohort": "adults", "seed": 3, "index": 5})"));
  EXPECT_EQ(a.plant.person.circulation.systolic, b.plant.person.circulation.systolic);
  EXPECT_EQ(a.cohort, "adults");
}

TEST(Scenario, MissingFileIsAClearError) {
  EXPECT_THROW(load_scenario("/nonexistent/scenario.json"), ScenarioError);
}

}  // namespace
}  // namespace bfr::sim

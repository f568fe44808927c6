#include "sim/scenario.hpp"

#include <fstream>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "sim/population.hpp"

namespace bfr::sim {

namespace {

using nlohmann::json;

// Reads one JSON object, remembering which keys were used so that any other key is an error.
class Fields {
 public:
  Fields(const json& j, std::string path) : j_(j), path_(std::move(path)) {
    if (!j.is_object()) fail(path_.empty() ? "the scenario" : path_, "must be a JSON object");
  }

  [[nodiscard]] bool has(const std::string& key) const { return j_.contains(key); }

  std::optional<double> number(const std::string& key, double lo, double hi) {
    if (!take(key)) return std::nullopt;
    const auto& v = j_.at(key);
    if (!v.is_number()) fail(where(key), "must be a number");
    const double x = v.get<double>();
    if (!(x >= lo && x <= hi)) {
      std::ostringstream m;
      m << "is " << x << ", outside the accepted range " << lo << " to " << hi;
      fail(where(key), m.str());
    }
    return x;
  }

  double number_or(const std::string& key, double lo, double hi, double fallback) {
    return number(key, lo, hi).value_or(fallback);
  }

  std::optional<std::int64_t> integer(const std::string& key, std::int64_t lo, std::int64_t hi) {
    if (!take(key)) return std::nullopt;
    const auto& v = j_.at(key);
    if (!v.is_number_integer()) fail(where(key), "must be a whole number");
    const auto x = v.get<std::int64_t>();
    if (x < lo || x > hi) fail(where(key), "is " + std::to_string(x) + ", outside the accepted range " +
                                              std::to_string(lo) + " to " + std::to_string(hi));
    return x;
  }

  std::optional<bool> boolean(const std::string& key) {
    if (!take(key)) return std::nullopt;
    if (!j_.at(key).is_boolean()) fail(where(key), "must be true or false");
    return j_.at(key).get<bool>();
  }

  std::optional<std::string> text(const std::string& key) {
    if (!take(key)) return std::nullopt;
    if (!j_.at(key).is_string()) fail(where(key), "must be a string");
    return j_.at(key).get<std::string>();
  }

  template <class T>
  std::optional<T> choice(const std::string& key, const std::function<std::optional<T>(std::string_view)>& parse,
                          const std::string& accepted) {
    auto s = text(key);
    if (!s) return std::nullopt;
    auto v = parse(*s);
    if (!v) fail(where(key), "is \"" + *s + "\"; accepted: " + accepted);
    return v;
  }

  const json* child(const std::string& key) {
    if (!take(key)) return nullptr;
    return &j_.at(key);
  }

  [[nodiscard]] std::string where(const std::string& key) const { return path_.empty() ? key : path_ + "." + key; }

  // Every key must have been read: an unknown key is most often a typo that would otherwise be
  // silently ignored.
  void finish() const {
    for (const auto& [key, value] : j_.items())
      if (!used_.contains(key)) fail(where(key), "is not a known key here" + known_keys_hint());
  }

  void allow(std::initializer_list<const char*> keys) {
    for (auto k : keys) known_.insert(k);
  }

  [[noreturn]] static void fail(const std::string& where, const std::string& what) {
    throw ScenarioError(where + " " + what);
  }

 private:
  bool take(const std::string& key) {
    known_.insert(key);
    if (!j_.contains(key)) return false;
    used_.insert(key);
    return true;
  }
  [[nodiscard]] std::string known_keys_hint() const {
    if (known_.empty()) return "";
    std::string s = " (known: ";
    bool first = true;
    for (const auto& k : known_) {
      s += (first ? "" : ", ") + k;
      first = false;
    }
    return s + ")";
  }

  const json& j_;
  std::string path_;
  std::set<std::string> used_;
  std::set<std::string> known_;
};

std::string join_names(auto const& range, auto to_name) {
  std::string s;
  for (const auto& x : range) s += (s.empty() ? "" : ", ") + std::string(to_name(x));
  return s;
}

Person parse_person(const json& j) {
  Fields f(j, "person");
  f.allow({"sex", "age", "height_cm", "systolic_mmHg", "diastolic_mmHg", "heart_rate_bpm", "rhythm",
           "arm_circumference_cm", "thigh_circumference_cm"});
  Person p;
  if (auto s = f.text("sex")) {
    if (*s == "male") p.sex = Sex::male;
    else if (*s == "female") p.sex = Sex::female;
    else Fields::fail("person.sex", "is \"" + *s + "\"; accepted: male, female");
  }
  p.age_years = f.number_or("age", 18, 100, p.age_years);
  p.height = units::cm(f.number_or("height_cm", 120, 220, p.height.cm()));
  p.circulation.systolic = units::mmHg(f.number_or("systolic_mmHg", 70, 250, p.circulation.systolic.mmHg()));
  p.circulation.diastolic = units::mmHg(f.number_or("diastolic_mmHg", 40, 150, p.circulation.diastolic.mmHg()));
  if (p.circulation.diastolic.mmHg() + 10.0 > p.circulation.systolic.mmHg())
    Fields::fail("person.diastolic_mmHg", "must be at least 10 mmHg below person.systolic_mmHg");
  p.circulation.heart_rate = units::per_minute(f.number_or("heart_rate_bpm", 30, 200, p.circulation.heart_rate.per_minute()));
  if (auto r = f.text("rhythm")) {
    if (*r == "sinus") p.circulation.rhythm = Rhythm::sinus;
    else if (*r == "atrial_fibrillation") p.circulation.rhythm = Rhythm::atrial_fibrillation;
    else Fields::fail("person.rhythm", "is \"" + *r + "\"; accepted: sinus, atrial_fibrillation");
  }
  p.arm_circumference = units::cm(f.number_or("arm_circumference_cm", 15, 60, p.arm_circumference.cm()));
  p.thigh_circumference = units::cm(f.number_or("thigh_circumference_cm", 30, 100, p.thigh_circumference.cm()));
  f.finish();
  return p;
}

Person parse_population(const json& j, std::string& cohort_name) {
  Fields f(j, "population");
  const auto names = join_names(known_cohorts(), [](const CohortSpec& c) { return c.name; });
  const auto cohort = f.choice<CohortSpec>("cohort", [](std::string_view s) { return cohort_by_name(s); }, names);
  if (!cohort) Fields::fail("population.cohort", "is required; accepted: " + names);
  const auto seed = f.integer("seed", 0, std::numeric_limits<std::int32_t>::max()).value_or(1);
  const auto index = f.integer("index", 0, 1'000'000).value_or(0);
  f.finish();
  cohort_name = std::string(cohort->name);
  return generate_person(*cohort, static_cast<std::uint64_t>(seed), static_cast<std::uint64_t>(index));
}

ExerciseSpec parse_exercise(const json& j) {
  Fields f(j, "exercise");
  ExerciseSpec e;
  e.start = units::at_seconds(f.number_or("start_s", 0, 7200, 0));
  e.load = units::percent(f.number_or("load_percent_1rm", 1, 100, e.load.percent()));
  if (const json* sets = f.child("sets")) {
    if (!sets->is_array() || sets->empty()) Fields::fail("exercise.sets", "must be a non-empty list of repetition counts");
    e.sets.clear();
    for (std::size_t i = 0; i < sets->size(); ++i) {
      const auto& s = (*sets)[i];
      if (!s.is_number_integer() || s.get<int>() < 1 || s.get<int>() > 100)
        Fields::fail("exercise.sets[" + std::to_string(i) + "]", "must be a whole number of repetitions from 1 to 100");
      e.sets.push_back(s.get<int>());
    }
  }
  e.rest = units::seconds(f.number_or("rest_s", 0, 600, e.rest.seconds()));
  if (const json* t = f.child("tempo")) {
    Fields tf(*t, "exercise.tempo");
    e.tempo.concentric = units::seconds(tf.number_or("concentric_s", 0.2, 10, 1.0));
    e.tempo.eccentric = units::seconds(tf.number_or("eccentric_s", 0.2, 10, 1.0));
    e.tempo.pause = units::seconds(tf.number_or("pause_s", 0, 10, 0.0));
    tf.finish();
  }
  f.finish();
  return e;
}

std::vector<FaultSpec> parse_faults(const json& j) {
  if (!j.is_array()) Fields::fail("faults", "must be a list of faults");
  std::vector<FaultSpec> faults;
  const auto names = join_names(kAllFaultKinds, [](FaultKind k) { return to_string(k); });
  for (std::size_t i = 0; i < j.size(); ++i) {
    Fields f(j[i], "faults[" + std::to_string(i) + "]");
    FaultSpec spec;
    const auto kind = f.choice<FaultKind>("type", [](std::string_view s) { return fault_from_string(s); }, names);
    if (!kind) Fields::fail(f.where("type"), "is required; accepted: " + names);
    spec.kind = *kind;
    const auto at = f.number("at_s", 0, 7200);
    if (!at) Fields::fail(f.where("at_s"), "is required: when the fault starts, in seconds");
    spec.at = units::at_seconds(*at);
    if (auto until = f.number("until_s", 0, 7200)) {
      if (*until <= *at) Fields::fail(f.where("until_s"), "must be later than at_s");
      spec.until = units::at_seconds(*until);
    }
    spec.severity = f.number_or("severity", 0, 1000, 0.0);
    f.finish();
    faults.push_back(spec);
  }
  return faults;
}

std::vector<TimelineStep> parse_timeline(const json& j) {
  if (!j.is_array() || j.empty()) Fields::fail("actuation.timeline", "must be a non-empty list of steps");
  std::vector<TimelineStep> steps;
  ActuatorCommand current{};
  double last_at = -1.0;
  for (std::size_t i = 0; i < j.size(); ++i) {
    Fields f(j[i], "actuation.timeline[" + std::to_string(i) + "]");
    const auto at = f.number("at_s", 0, 7200);
    if (!at) Fields::fail(f.where("at_s"), "is required");
    if (*at < last_at) Fields::fail(f.where("at_s"), "must not be earlier than the step before it");
    last_at = *at;
    current.pump_duty = f.number_or("pump", 0, 1, current.pump_duty);
    current.inflate_valve_open = f.boolean("inflate_valve_open").value_or(current.inflate_valve_open);
    current.deflate_opening = f.number_or("deflate_opening", 0, 1, current.deflate_opening);
    current.dump_valve_powered = f.boolean("dump_valve_powered").value_or(current.dump_valve_powered);
    f.finish();
    steps.push_back({units::at_seconds(*at), current});
  }
  return steps;
}

ControllerChoice parse_controller(Fields& f) {
  ControllerChoice c;
  c.name = *f.text("controller");
  c.measure_lop = f.boolean("measure_lop").value_or(false);
  if (const auto lop = f.number("given_lop_mmHg", 30, 400)) c.given_lop = units::mmHg(*lop);
  if (c.measure_lop && c.given_lop) Fields::fail("actuation", "must give either measure_lop or given_lop_mmHg, not both");
  if (const json* t = f.child("target")) {
    Fields tf(*t, "actuation.target");
    const auto pct = tf.number("percent_lop", 10, 100);
    const auto abs = tf.number("mmHg", 10, 300);
    if (pct && abs) Fields::fail("actuation.target", "must give either percent_lop or mmHg, not both");
    if (pct) c.target.value = units::percent(*pct);
    else if (abs) c.target.value = units::mmHg(*abs);
    else Fields::fail("actuation.target", "must give percent_lop (10-100) or mmHg (10-300)");
    tf.finish();
  }
  return c;
}

}  // namespace

Scenario parse_scenario(const std::string& text) {
  json j;
  try {
    j = json::parse(text);
  } catch (const json::parse_error& e) {
    throw ScenarioError(std::string("the scenario is not valid JSON: ") + e.what());
  }
  Fields f(j, "");
  Scenario s;
  if (auto schema = f.integer("schema", 1, 1); !schema)
    Fields::fail("schema", "is required and must be 1 (the scenario format version)");
  s.name = f.text("name").value_or("unnamed scenario");
  s.plant.seed = static_cast<std::uint64_t>(f.integer("seed", 0, std::numeric_limits<std::int32_t>::max()).value_or(1));
  s.plant.parts = f.choice<Parts>("parts", [](std::string_view v) -> std::optional<Parts> {
                      if (v == "nominal") return Parts::nominal;
                      if (v == "drawn") return Parts::drawn;
                      return std::nullopt;
                    }, "nominal, drawn").value_or(Parts::nominal);
  s.duration = units::seconds(f.number_or("duration_s", 0.01, 7200, 60));
  s.plant.step = units::milliseconds(f.number_or("physics_step_ms", 0.05, 1.0, 1.0));
  s.record_rate = units::hertz(f.number_or("record_rate_hz", 1, 1000, 100));

  const json* person = f.child("person");
  const json* population = f.child("population");
  if (person && population) Fields::fail("population", "cannot be given together with person: choose one");
  if (person) s.plant.person = parse_person(*person);
  if (population) {
    std::string cohort;
    s.plant.person = parse_population(*population, cohort);
    s.cohort = cohort;
  }

  s.plant.limb = f.choice<LimbKind>("limb", limb_from_string, "arm, thigh").value_or(LimbKind::thigh);
  s.plant.posture =
      f.choice<Posture>("posture", posture_from_string, "supine, seated, standing, limb_raised").value_or(Posture::seated);
  if (const json* c = f.child("cuff")) {
    Fields cf(*c, "cuff");
    s.plant.cuff.width = units::cm(cf.number_or("width_cm", 5, 18, s.plant.cuff.width.cm()));
    cf.finish();
  }
  if (const json* c = f.child("sensor")) {
    Fields sf(*c, "sensor");
    auto& p = s.plant.pressure_sensor;
    p.sample_rate = units::hertz(sf.number_or("sample_rate_hz", 10, 2000, p.sample_rate.hertz()));
    p.noise = units::mmHg(sf.number_or("noise_mmHg", 0, 10, p.noise.mmHg()));
    p.offset = units::mmHg(sf.number_or("offset_mmHg", -20, 20, p.offset.mmHg()));
    p.gain_error = sf.number_or("gain_error", -0.1, 0.1, p.gain_error);
    s.plant.cuff_line_sensor = sf.boolean("cuff_line_sensor").value_or(true);
    s.plant.cuff_line_pressure_sensor = p;  // the same part: it shares the settings given here
    sf.finish();
  }
  if (const json* c = f.child("pulse_sensor")) {
    Fields pf(*c, "pulse_sensor");
    auto& p = s.plant.pulse_sensor;
    p.fitted = pf.boolean("fitted").value_or(true);
    p.sample_rate = units::hertz(pf.number_or("sample_rate_hz", 10, 1000, p.sample_rate.hertz()));
    p.noise = pf.number_or("noise", 0, 1, p.noise);
    pf.finish();
  }
  if (const json* c = f.child("motion")) {
    Fields mf(*c, "motion");
    s.plant.motion.rate = units::hertz(mf.number_or("rate_hz", 0, 5, 0));
    s.plant.motion.amplitude = units::mL(mf.number_or("amplitude_mL", 0, 50, 0));
    s.plant.motion.duration = units::seconds(mf.number_or("duration_s", 0.05, 3, 0.3));
    mf.finish();
  }
  if (const json* c = f.child("exercise")) s.plant.exercise = parse_exercise(*c);
  if (const json* c = f.child("faults")) s.plant.faults = parse_faults(*c);

  const json* actuation = f.child("actuation");
  if (!actuation) Fields::fail("actuation", "is required: a timeline of actuator commands or a controller name");
  Fields af(*actuation, "actuation");
  const bool timeline = af.has("timeline");
  const bool controller = af.has("controller");
  if (timeline == controller) Fields::fail("actuation", "must have exactly one of timeline or controller");
  if (timeline) s.actuation = parse_timeline(*af.child("timeline"));
  else s.actuation = parse_controller(af);
  af.finish();
  f.finish();
  return s;
}

Scenario load_scenario(const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in) throw ScenarioError("cannot read scenario file " + file.string());
  std::stringstream buffer;
  buffer << in.rdbuf();
  try {
    return parse_scenario(buffer.str());
  } catch (const ScenarioError& e) {
    throw ScenarioError(file.string() + ": " + e.what());
  }
}

}  // namespace bfr::sim

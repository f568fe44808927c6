#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <stdexcept>

#include "report/chart.hpp"
#include "report/reports.hpp"
#include "session/session_metrics.hpp"
#include "report/session_pain.hpp"
#include "session/session_plan.hpp"

namespace bfr::report {

namespace {

using namespace palette;

struct Row {
  double at = 0;  // when it started, seconds since 1970 UTC: the charts' x
  std::string date;
  std::optional<double> lop, in_band, target_pct, pain, load_pct;  // pain: the session's highest score
  std::optional<clinic::PainRule> pain_rule;                        // its plan's
  bool above_pain_rule = false;
  double adherence = 0;  // sets done / sets planned, %
  bool simulated = false;
  bool ended_early = false;  // fault, stop, lost device: its figures are not a good session's
};

std::optional<double> mean_load(const clinic::Plan& plan) {
  if (plan.exercises.empty()) return std::nullopt;
  double sum = 0;
  for (const auto& e : plan.exercises) sum += e.load_pct_1rm;
  return sum / static_cast<double>(plan.exercises.size());
}

constexpr double kDay = 86400;  // s

struct SessionAxis {
  Range x;     // the sessions' dates, with room either side for a bar
  double bar;  // a session's bar or strip width, s
};

// From half a day before the first session to half a day after the last (more for a long
// history), with bars narrow enough not to overlap when sessions are close together.
SessionAxis session_axis(const std::vector<Row>& rows) {
  if (rows.empty()) {
    const double now = static_cast<double>(std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count());
    return {{now - kDay, now + kDay}, 0.5 * kDay};
  }
  const double first = rows.front().at, last = rows.back().at;
  double closest = kDay;
  for (std::size_t i = 1; i < rows.size(); ++i)
    if (rows[i].at > rows[i - 1].at) closest = std::min(closest, rows[i].at - rows[i - 1].at);
  const double bar = std::max(0.6 * closest, (last - first + kDay) / 200);  // at least visible on a long history
  const double pad = std::max(0.75 * kDay, 0.04 * (last - first));
  return {{first - pad, last + pad}, bar};
}

}  // namespace

void render_progress_report(store::Store& store, store::Id person_id, Format format, const std::filesystem::path& out) {
  const auto person = store.person(person_id);
  if (!person) throw std::invalid_argument(fmt::format("no person {} (bfr person list)", person_id));
  auto sessions = store.sessions(person_id);
  std::reverse(sessions.begin(), sessions.end());  // oldest first
  std::vector<Row> rows;
  bool any_simulated = false;
  for (const auto& s : sessions) {
    Row r;
    if (const auto t = store::parse_utc_iso(s.started_at))
      r.at = static_cast<double>(std::chrono::duration_cast<std::chrono::seconds>(t->time_since_epoch()).count());
    r.date = s.started_at.substr(0, 10);
    r.lop = s.lop_mmHg;
    r.simulated = s.simulated;
    r.ended_early = s.outcome != "completed" && s.outcome != "running";
    any_simulated |= s.simulated;
    const auto samples = store.samples(s.id);
    const auto m = session::session_metrics(samples);
    r.in_band = m.in_band_pct;
    double tsum = 0;
    int tn = 0;
    for (const auto& x : samples)
      if (x.setpoint_mmHg) tsum += x.target_pct, ++tn;
    if (tn) r.target_pct = tsum / tn;
    const auto plan = session::plan_of(store, s);
    const auto pain = session_pain(plan, store.pain_scores(s.id));
    if (pain.highest) r.pain = *pain.highest;
    r.pain_rule = pain.rule;
    r.above_pain_rule = pain.above_rule;
    if (plan) {
      if (const int planned = session::planned_sets(*plan)) r.adherence = std::min(100.0, 100.0 * m.sets / planned);
      r.load_pct = mean_load(*plan);
    }
    rows.push_back(r);
  }

  Canvas c(format, out);
  // The badge has a line of its own so that no name, however long, can cover it.
  if (any_simulated) c.text(40, 18, "SIMULATED sessions included", 11, true, kRed);
  c.text_within(40, 36, Canvas::kWidth - 80, fmt::format("OpenBFR progress: {}", person->name), 16, true);
  c.text(40, 52, fmt::format("{} session(s), {} to {}", rows.size(), rows.empty() ? "-" : rows.front().date,
                             rows.empty() ? "-" : rows.back().date), 9, false, kGrey);
  const auto [dates, bar] = session_axis(rows);
  const auto series = [&](auto pick, std::vector<double>& xs, std::vector<double>& ys) {
    for (const auto& r : rows)
      if (const std::optional<double> v = pick(r)) xs.push_back(r.at), ys.push_back(*v);
  };
  {
    std::vector<double> xs, ys;
    series([](const Row& r) { return r.lop; }, xs, ys);
    const double top = ys.empty() ? 200 : *std::max_element(ys.begin(), ys.end()) * 1.2;
    Chart ch(c, {70, 80, 330, 180}, dates, {0, top}, XAxis::dates);
    ch.line(xs, ys, kBlue, 1.2);
    ch.points(xs, ys, kBlue);
    ch.axes("session date (UTC)", "LOP, mmHg", "Limb occlusion pressure");
  }
  {
    // Time in band only of completed sessions; one that ended early is a red strip, never a point
    // on the line as if it had been a good session.
    std::vector<double> xb, yb, xt, yt;
    series([](const Row& r) { return r.ended_early ? std::nullopt : r.in_band; }, xb, yb);
    series([](const Row& r) { return r.target_pct; }, xt, yt);
    Chart ch(c, {470, 80, 330, 180}, dates, {0, 105}, XAxis::dates);
    for (const auto& r : rows)
      if (r.ended_early) ch.span(r.at - bar / 2, r.at + bar / 2, kRed, 0.25);
    ch.line(xb, yb, kGreen, 1.2);
    ch.points(xb, yb, kGreen);
    ch.line(xt, yt, kOrange, 1.2);
    ch.points(xt, yt, kOrange);
    ch.axes("session date (UTC)", "%", "Target %LOP (orange), time in band (green), ended early (red)");
  }
  {
    std::vector<double> xs, ys;
    series([](const Row& r) { return std::optional<double>(r.adherence); }, xs, ys);
    std::vector<double> xl, yl;
    series([](const Row& r) { return r.load_pct; }, xl, yl);
    Chart ch(c, {70, 320, 330, 180}, dates, {0, 105}, XAxis::dates);
    ch.bars(xs, ys, bar, {0.6, 0.75, 0.9});
    ch.line(xl, yl, kBlue, 1.2);
    ch.points(xl, yl, kBlue);
    ch.axes("session date (UTC)", "%", "Adherence: sets done (bars); load % 1RM (line)");
  }
  {
    std::vector<double> xs, ys;
    series([](const Row& r) { return r.pain; }, xs, ys);
    Chart ch(c, {470, 320, 330, 180}, dates, {0, 10}, XAxis::dates);
    ch.bars(xs, ys, bar, {0.9, 0.6, 0.6});
    // The latest plan's rule; each session is judged by its own plan's.
    const auto latest = std::find_if(rows.rbegin(), rows.rend(), [](const Row& r) { return r.pain_rule.has_value(); });
    if (latest != rows.rend())
      ch.hline(latest->pain_rule->during_max, kRed, fmt::format("rule: up to {}/10", latest->pain_rule->during_max));
    ch.axes("session date (UTC)", "pain, 0-10", "Pain at the injured tissue, highest per session");
    const auto over = std::count_if(rows.begin(), rows.end(), [](const Row& r) { return r.above_pain_rule; });
    if (latest != rows.rend()) {
      c.text(470, 540, fmt::format("{} of {} session(s) above their program's pain rule", over, rows.size()), 9, over > 0,
             over > 0 ? kRed : kGrey);
      c.text(470, 553, fmt::format("Now: {}, up to {}/10", latest->pain_rule->name, latest->pain_rule->during_max), 8, false, kGrey);
    }
  }
  if (rows.empty()) c.text(300, 560, "No sessions yet: bfr session run --person ID --plan ID", 10, false, kGrey);
  c.text(40, 580, "Not medical advice. OpenBFR, an open blood-flow-restriction training system.", 8, false, kGrey);
  c.finish();
}

}  // namespace bfr::report

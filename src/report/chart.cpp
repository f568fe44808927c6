#include "report/chart.hpp"

#include <plplot/plstream.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <mutex>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

namespace bfr::report {

namespace {

constexpr double kMmPerPoint = 25.4 / 72.0;
constexpr double kSecondsPerDay = 86400.0;
// PLplot's cairo driver sets text about 1.3 times its character height (measured with pdftotext
// -bbox: tick labels asked for at 7.5 pt came out as wide as 9.6 pt text of the page's own).
constexpr double kPlplotTextRatio = 1.3;
constexpr double kTickLabelPt = 7.5;
constexpr double kAxisLabelPt = 8.5;
constexpr double kTickScale = 0.5;        // of PLplot's default major tick length
constexpr double kLabelAbovePt = 7.5;      // a line's label: its middle this far above the line
constexpr double kTitlePt = 10, kSmallestTitlePt = 7;
constexpr double kRepTickPt = 8;          // how far a repetition mark reaches up into the chart
constexpr double kDashPt = 4, kGapPt = 3;  // the LOP and pain-rule lines
constexpr PLINT kGridColour = 14, kFrameColour = 15, kDataColour = 1;  // our slots in PLplot's colour map 0

// PLplot draws one stream at a time in a process (plsc, its current stream, is global).
std::mutex& plplot_mutex() {
  static std::mutex m;
  return m;
}

// plinit exits the process when a device is missing: ask first (plplot-driver-cairo).
bool has_extcairo() {
  PLINT n = 64;
  std::array<const char*, 64> menu{}, names{};
  const char** menu_p = menu.data();
  const char** names_p = names.data();
  plgDevs(&menu_p, &names_p, &n);  // fills the arrays it is given
  return std::any_of(names.begin(), names.begin() + n, [](const char* d) { return d && std::string_view(d) == "extcairo"; });
}

// PLplot reports a call it could not carry out by printing it and going on; a report with a
// chart missing is not one to hand a physiotherapist, so the first such error ends the chart
// with an exception instead (under the lock: one chart at a time).
std::string& plplot_error() {
  static std::string e;
  return e;
}
void keep_plplot_error(const char* message) {
  if (plplot_error().empty()) plplot_error() = message ? message : "unknown error";
}

PLINT channel(double v) { return static_cast<PLINT>(std::lround(std::clamp(v, 0.0, 1.0) * 255)); }

}  // namespace

struct Chart::Plplot {
  std::unique_lock<std::mutex> lock{plplot_mutex()};
  plstream pls;
};

double tick_step(double range, int max_ticks, XAxis kind) {
  double step = 1.0;
  if (range > 0) {
    const double raw = range / max_ticks;
    const double p = std::pow(10.0, std::floor(std::log10(raw)));
    step = 10.0 * p;
    for (const double m : {1.0, 2.0, 5.0})
      if (m * p >= raw) {
        step = m * p;
        break;
      }
  }
  return kind == XAxis::whole_numbers ? std::max(1.0, std::round(step)) : step;
}

int date_tick_days(double span_days, int max_ticks) {
  for (const int d : {1, 2, 7, 14, 28, 30, 60, 90, 180})
    if (span_days / d <= max_ticks) return d;
  return 365;
}

Chart::Chart(Canvas& c, Area area, Range x, Range y, XAxis kind)
    : c_(c), area_(area), x_{x.lo, x.hi > x.lo ? x.hi : x.lo + 1}, y_{y.lo, y.hi > y.lo ? y.hi : y.lo + 1}, kind_(kind) {
  pl_ = std::make_unique<Plplot>();
  if (!has_extcairo()) throw std::runtime_error("PLplot's cairo device is missing: apt-get install plplot-driver-cairo");
  auto& p = stream();
  plsabort(keep_plplot_error);
  plplot_error().clear();
  cairo_save(c_.cr());  // PLplot turns the context upside down; the page's own text must not be
  p.sdev("extcairo");
  p.spage(72, 72, static_cast<PLINT>(Canvas::kWidth), static_cast<PLINT>(Canvas::kHeight), 0, 0);
  p.init();
  p.cmd(PLESC_DEVINIT, c_.cr());
  p.adv(0);
  // x in seconds since 1970-01-01 UTC where it is a date (PLplot's month counts from 0).
  p.configtime(1.0 / kSecondsPerDay, 0, 0, 0x0, true, 1970, 0, 1, 0, 0, 0);
  p.svpa(area_.x * kMmPerPoint, (area_.x + area_.w) * kMmPerPoint, (Canvas::kHeight - area_.y - area_.h) * kMmPerPoint,
         (Canvas::kHeight - area_.y) * kMmPerPoint);
  p.wind(x_.lo, x_.hi, y_.lo, y_.hi);
  p.scol0(kGridColour, 217, 217, 217);
  p.scol0(kFrameColour, 77, 77, 77);
  p.col0(kGridColour);
  p.width(0.3);
  const auto t = x_ticks();
  p.box("g", t.step, t.minor, "g", 0, 0);
}

Chart::XTicks Chart::x_ticks() const {
  switch (kind_) {
    case XAxis::whole_numbers: return {tick_step(x_.hi - x_.lo, 8, kind_), 1};
    case XAxis::dates: return {date_tick_days((x_.hi - x_.lo) / kSecondsPerDay, 7) * kSecondsPerDay, 1};
    case XAxis::numbers: break;
  }
  return {0, 0};  // PLplot's own choice
}

Chart::~Chart() {
  // A chart ended here, not by axes(), is being abandoned for an exception already on its way:
  // that one tells what went wrong.
  try {
    end();
  } catch (const std::runtime_error&) {  // NOLINT(bugprone-empty-catch)
  }
}

void Chart::end() {
  if (!pl_) return;
  const std::string error = std::exchange(plplot_error(), {});
  pl_.reset();  // ends the stream (and unlocks) before the page's context is given back
  cairo_restore(c_.cr());
  if (!error.empty()) throw std::runtime_error("PLplot could not draw a chart: " + error);
}

plstream& Chart::stream() {
  if (!pl_) throw std::logic_error("a chart is drawn on after its axes() ended it");
  return pl_->pls;
}

void Chart::axes(const std::string& x_label, const std::string& y_label, const std::string& title) {
  auto& p = stream();
  p.col0(kFrameColour);
  p.width(0.8);
  p.schr(kTickLabelPt * kMmPerPoint / kPlplotTextRatio, 1.0);
  if (kind_ == XAxis::dates) p.timefmt((x_.hi - x_.lo) / kSecondsPerDay > 300 ? "%d %b %y" : "%d %b");
  const auto t = x_ticks();
  p.smaj(0, kTickScale);  // short major ticks, no minor ones: the grid carries the eye
  p.box(kind_ == XAxis::dates ? "bcndt" : "bcnt", t.step, t.minor, "bcntv", 0, 0);
  p.schr(kAxisLabelPt * kMmPerPoint / kPlplotTextRatio, 1.0);
  p.mtex("b", 2.6, 0.5, 0.5, x_label.c_str());
  p.mtex("l", 3.6, 0.5, 0.5, y_label.c_str());
  end();
  // The title is the page's, in the report's own type, above the frame's left edge.
  c_.text(area_.x, area_.y - 6, title, c_.size_to_fit(title, area_.w, kTitlePt, kSmallestTitlePt, true), true);
}

void Chart::line(const std::vector<double>& xs, const std::vector<double>& ys, Rgb colour, double width) {
  line_where(xs, ys, std::vector<bool>(xs.size(), true), colour, width);
}

namespace {
void use(plstream& p, Rgb colour, double alpha = 1.0) {
  p.scol0a(kDataColour, channel(colour.r), channel(colour.g), channel(colour.b), alpha);
  p.col0(kDataColour);
}

// Calls `draw(i, j)` for each run [i, j) of consecutive valid points.
template <class Draw>
void for_each_run(const std::vector<bool>& valid, Draw draw) {
  std::size_t i = 0;
  while (i < valid.size()) {
    if (!valid[i]) {
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < valid.size() && valid[j]) ++j;
    draw(i, j);
    i = j;
  }
}
}  // namespace

void Chart::line_where(const std::vector<double>& xs, const std::vector<double>& ys, const std::vector<bool>& valid, Rgb colour, double width) {
  auto& p = stream();
  use(p, colour);
  p.width(width);
  for_each_run(valid, [&](std::size_t i, std::size_t j) { p.line(static_cast<PLINT>(j - i), &xs[i], &ys[i]); });
}

void Chart::band(const std::vector<double>& xs, const std::vector<double>& lo, const std::vector<double>& hi, const std::vector<bool>& valid, Rgb colour) {
  auto& p = stream();
  use(p, colour, 0.25);
  std::vector<double> px, py;
  for_each_run(valid, [&](std::size_t i, std::size_t j) {
    px.clear();
    py.clear();
    for (std::size_t k = i; k < j; ++k) px.push_back(xs[k]), py.push_back(hi[k]);  // along the top
    for (std::size_t k = j; k-- > i;) px.push_back(xs[k]), py.push_back(lo[k]);     // and back along the bottom
    p.fill(static_cast<PLINT>(px.size()), px.data(), py.data());
  });
}

void Chart::span(double a, double b, Rgb colour, double alpha) {
  auto& p = stream();
  use(p, colour, alpha);
  const std::array<double, 4> px{a, b, b, a}, py{y_.lo, y_.lo, y_.hi, y_.hi};
  p.fill(4, px.data(), py.data());
}

void Chart::hline(double y, Rgb colour, const std::string& label) {
  auto& p = stream();
  use(p, colour);
  p.width(0.8);
  const PLINT mark = static_cast<PLINT>(kDashPt * kMmPerPoint * 1000), space = static_cast<PLINT>(kGapPt * kMmPerPoint * 1000);  // micrometres
  p.styl(1, &mark, &space);
  p.join(x_.lo, y, x_.hi, y);
  p.lsty(1);
  p.schr(kTickLabelPt * kMmPerPoint / kPlplotTextRatio, 1.0);
  const double up = kLabelAbovePt * (y_.hi - y_.lo) / area_.h, in = 4 * (x_.hi - x_.lo) / area_.w;  // 4 pt in from the right
  p.ptex(x_.hi - in, y + up, 1, 0, 1.0, label.c_str());
}

void Chart::points(const std::vector<double>& xs, const std::vector<double>& ys, Rgb colour, double radius_pt) {
  auto& p = stream();
  use(p, colour);
  const double a = radius_pt * (x_.hi - x_.lo) / area_.w, b = radius_pt * (y_.hi - y_.lo) / area_.h;
  for (std::size_t i = 0; i < xs.size(); ++i) p.arc(xs[i], ys[i], a, b, 0, 360, 0, true);
}

void Chart::bars(const std::vector<double>& xs, const std::vector<double>& ys, double width, Rgb colour) {
  auto& p = stream();
  use(p, colour);
  for (std::size_t i = 0; i < xs.size(); ++i) {
    const double l = xs[i] - width / 2, r = xs[i] + width / 2;
    const std::array<double, 4> px{l, r, r, l}, py{y_.lo, y_.lo, ys[i], ys[i]};
    p.fill(4, px.data(), py.data());
  }
}

void Chart::ticks(const std::vector<double>& xs, Rgb colour) {
  auto& p = stream();
  use(p, colour);
  p.width(0.6);
  const double up = kRepTickPt * (y_.hi - y_.lo) / area_.h;
  for (const double x : xs) p.join(x, y_.lo, x, y_.lo + up);
}

}  // namespace bfr::report

#pragma once
// A chart on a report page, drawn by PLplot (Debian libplplot-dev and plplot-driver-cairo, its
// extcairo device) onto the page's own cairo context. PLplot places and labels the ticks (whole
// numbers, 1-2-5 steps, or calendar dates), draws the frame, the grid and the axis labels with
// their units, and clips the data to the frame. The page around a chart (its title, the text
// beside it) stays the Canvas's.
//
// PLplot keeps global state (its current stream), so one chart is drawn at a time in a process:
// a Chart holds a lock from its construction until axes() (the server renders reports on several
// threads). So: make a chart, draw its data, then axes(), which ends it; then the next chart.

#include <memory>
#include <string>
#include <vector>

#include "report/canvas.hpp"

class plstream;

namespace bfr::report {

// Where a chart's frame stands on the page, in points from the top left.
struct Area {
  double x, y, w, h;
};

struct Range {
  double lo, hi;
};

// What the x axis counts. Dates: x in seconds since 1970-01-01 UTC, marked at whole days.
enum class XAxis { numbers, whole_numbers, dates };

class Chart {
 public:
  // Draws the grid; the data come next, then axes() on top, last.
  Chart(Canvas& c, Area area, Range x, Range y, XAxis kind = XAxis::numbers);
  ~Chart();
  Chart(const Chart&) = delete;
  Chart& operator=(const Chart&) = delete;

  // The frame, ticks and tick labels, the axis labels (each with its unit) and a title above the
  // frame, set smaller where it would be wider than the chart. It ends the chart: drawing on it
  // afterwards throws std::logic_error.
  void axes(const std::string& x_label, const std::string& y_label, const std::string& title);
  void line(const std::vector<double>& xs, const std::vector<double>& ys, Rgb colour, double width = 1.0);
  // Breaks the line wherever `valid` is false.
  void line_where(const std::vector<double>& xs, const std::vector<double>& ys, const std::vector<bool>& valid, Rgb colour, double width = 1.0);
  void band(const std::vector<double>& xs, const std::vector<double>& lo, const std::vector<double>& hi, const std::vector<bool>& valid, Rgb colour);
  void span(double x0, double x1, Rgb colour, double alpha);  // a vertical strip (e.g. a set)
  void hline(double y, Rgb colour, const std::string& label);  // dashed, labelled at its right end
  void points(const std::vector<double>& xs, const std::vector<double>& ys, Rgb colour, double radius_pt = 2.5);
  void bars(const std::vector<double>& xs, const std::vector<double>& ys, double width, Rgb colour);
  void ticks(const std::vector<double>& xs, Rgb colour);  // short marks up from the bottom edge

 private:
  struct XTicks {
    double step;  // 0: PLplot chooses
    int minor;    // 1: no minor ticks between
  };
  [[nodiscard]] XTicks x_ticks() const;
  plstream& stream();
  void end();
  struct Plplot;
  Canvas& c_;
  Area area_;
  Range x_, y_;
  XAxis kind_;
  std::unique_ptr<Plplot> pl_;
};

// The spacing of an axis's ticks: 1, 2 or 5 times a power of ten, about `max_ticks` over `range`;
// never below 1 where only whole numbers mean something (sessions, sets).
double tick_step(double range, int max_ticks, XAxis kind = XAxis::numbers);
// Whole days between date ticks for a span of days: 1, 2 or 7 days, 2 or 4 weeks, then months
// of 30 days, about `max_ticks` at most.
int date_tick_days(double span_days, int max_ticks);

}  // namespace bfr::report

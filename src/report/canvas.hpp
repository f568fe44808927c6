#pragma once
// A page to draw on with cairo, in points (1/72 inch), written as PNG (at 2x), SVG or PDF, and a
// small chart helper: axes with ticks and labels, lines, bands and markers in data units.

#include <cairo.h>

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace bfr::report {

enum class Format { png, svg, pdf };
Format parse_format(const std::string& s);  // throws std::invalid_argument

struct Rgb {
  double r, g, b;
};

// The reports' colours: data in blue, in-band green, sets orange, alarms and "SIMULATED" red.
namespace palette {
inline constexpr Rgb kBlue{0.05, 0.25, 0.6};
inline constexpr Rgb kGreen{0.1, 0.55, 0.2};
inline constexpr Rgb kOrange{0.9, 0.5, 0.1};
inline constexpr Rgb kRed{0.8, 0.1, 0.1};
inline constexpr Rgb kGrey{0.35, 0.35, 0.35};
}  // namespace palette

class Canvas {
 public:
  // A4 landscape.
  static constexpr double kWidth = 842.0, kHeight = 595.0;
  Canvas(Format format, std::filesystem::path path);
  ~Canvas();
  Canvas(const Canvas&) = delete;
  Canvas& operator=(const Canvas&) = delete;

  cairo_t* cr() { return cr_; }
  void text(double x, double y, const std::string& s, double size = 10, bool bold = false, Rgb colour = {0, 0, 0});
  // Cut short with "..." where it would run past `width` points: a long name never runs into
  // what stands beside it.
  void text_within(double x, double y, double width, const std::string& s, double size = 10, bool bold = false, Rgb colour = {0, 0, 0});
  double text_width(const std::string& s, double size, bool bold);
  // The largest size from `size` down to `smallest`, in half points, at which `s` fits in `width`.
  double size_to_fit(const std::string& s, double width, double size, double smallest, bool bold);
  void new_page();
  // Flushes and writes the file; throws std::runtime_error if it could not be written.
  void finish();

 private:
  Format format_;
  std::filesystem::path path_;
  cairo_surface_t* surface_ = nullptr;
  cairo_t* cr_ = nullptr;
  bool finished_ = false;
};

// What an axis may be marked at: any "nice" value, or whole numbers only (sessions, sets).
enum class Ticks { any, whole };

// A plot area on the canvas with data ranges; everything is given in data units.
class Chart {
 public:
  Chart(Canvas& c, double x, double y, double w, double h, double x0, double x1, double y0, double y1);
  // The frame, grid, tick labels and title; a title wider than the chart is set smaller to fit.
  void axes(const std::string& x_label, const std::string& y_label, const std::string& title, Ticks x_ticks = Ticks::any);
  void line(const std::vector<double>& xs, const std::vector<double>& ys, Rgb colour, double width = 1.0);
  // Breaks the line wherever `valid` is false.
  void line_where(const std::vector<double>& xs, const std::vector<double>& ys, const std::vector<bool>& valid, Rgb colour, double width = 1.0);
  void band(const std::vector<double>& xs, const std::vector<double>& lo, const std::vector<double>& hi, const std::vector<bool>& valid, Rgb colour);
  void span(double x0, double x1, Rgb colour, double alpha);  // a vertical strip (e.g. a set)
  void hline(double y, Rgb colour, const std::string& label);
  void points(const std::vector<double>& xs, const std::vector<double>& ys, Rgb colour, double radius = 3.0);
  void bars(const std::vector<double>& xs, const std::vector<double>& ys, double width, Rgb colour);
  void ticks(const std::vector<double>& xs, Rgb colour);  // short marks along the bottom edge

 private:
  [[nodiscard]] double px(double x) const;
  [[nodiscard]] double py(double y) const;
  Canvas& c_;
  double x_, y_, w_, h_, x0_, x1_, y0_, y1_;
};

// "Nice" tick spacing for a range (1, 2 or 5 times a power of ten).
double tick_step(double range, int max_ticks);
// The values an axis from lo to hi is marked at: about max_ticks at most, a tick_step apart;
// with Ticks::whole, whole numbers only (an axis of sessions has no session 1.2).
std::vector<double> axis_ticks(double lo, double hi, int max_ticks, Ticks kind = Ticks::any);

}  // namespace bfr::report

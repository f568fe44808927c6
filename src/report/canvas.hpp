#pragma once
// A page to draw on with cairo, in points (1/72 inch), written as PNG (at 2x), SVG or PDF. Its
// text is the reports' own; charts on it are drawn by PLplot (report/chart.hpp).

#include <cairo.h>

#include <filesystem>
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

}  // namespace bfr::report

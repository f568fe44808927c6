#include "report/canvas.hpp"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace bfr::report {

namespace {
constexpr double kPngScale = 2.0;  // 1684 x 1190 px: sharp on a tablet
constexpr const char* kFont = "DejaVu Sans";  // fonts-dejavu-core
}  // namespace

Format parse_format(const std::string& s) {
  if (s == "png") return Format::png;
  if (s == "svg") return Format::svg;
  if (s == "pdf") return Format::pdf;
  throw std::invalid_argument("format '" + s + "': use png, svg or pdf");
}

Canvas::Canvas(Format format, std::filesystem::path path) : format_(format), path_(std::move(path)) {
  switch (format_) {
    case Format::pdf: surface_ = cairo_pdf_surface_create(path_.c_str(), kWidth, kHeight); break;
    case Format::svg: surface_ = cairo_svg_surface_create(path_.c_str(), kWidth, kHeight); break;
    case Format::png:
      surface_ = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, static_cast<int>(kWidth * kPngScale), static_cast<int>(kHeight * kPngScale));
      break;
  }
  if (cairo_surface_status(surface_) != CAIRO_STATUS_SUCCESS) {
    const std::string why = cairo_status_to_string(cairo_surface_status(surface_));
    cairo_surface_destroy(surface_);
    throw std::runtime_error("cannot create '" + path_.string() + "': " + why);
  }
  cr_ = cairo_create(surface_);
  if (format_ == Format::png) cairo_scale(cr_, kPngScale, kPngScale);
  cairo_set_source_rgb(cr_, 1, 1, 1);
  cairo_paint(cr_);
}

Canvas::~Canvas() {
  cairo_destroy(cr_);
  cairo_surface_destroy(surface_);
}

void Canvas::text(double x, double y, const std::string& s, double size, bool bold, Rgb colour) {
  cairo_select_font_face(cr_, kFont, CAIRO_FONT_SLANT_NORMAL, bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size(cr_, size);
  cairo_set_source_rgb(cr_, colour.r, colour.g, colour.b);
  cairo_move_to(cr_, x, y);
  cairo_show_text(cr_, s.c_str());
  // show_text leaves the current point after the text: a following arc would start with a line
  // from there. Filled at zero width, that line is invisible in a PNG but a PDF viewer draws it
  // as a hairline (the stray diagonal across the session report's plots, issue 16).
  cairo_new_path(cr_);
}

double Canvas::text_width(const std::string& s, double size, bool bold) {
  cairo_select_font_face(cr_, kFont, CAIRO_FONT_SLANT_NORMAL, bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size(cr_, size);
  cairo_text_extents_t e{};
  cairo_text_extents(cr_, s.c_str(), &e);
  return e.x_advance;
}

double Canvas::size_to_fit(const std::string& s, double width, double size, double smallest, bool bold) {
  while (size > smallest && text_width(s, size, bold) > width) size -= 0.5;
  return size;
}

void Canvas::text_within(double x, double y, double width, const std::string& s, double size, bool bold, Rgb colour) {
  std::string shown = s;
  // Whole UTF-8 characters off the end until it fits with an ellipsis.
  while (!shown.empty() && text_width(shown == s ? shown : shown + "...", size, bold) > width) {
    while ((static_cast<unsigned char>(shown.back()) & 0xC0U) == 0x80U && shown.size() > 1) shown.pop_back();  // continuation bytes
    shown.pop_back();  // the character's first byte
  }
  text(x, y, shown == s ? s : shown + "...", size, bold, colour);
}

void Canvas::new_page() {
  cairo_show_page(cr_);
  cairo_set_source_rgb(cr_, 1, 1, 1);
  cairo_paint(cr_);
}

void Canvas::finish() {
  if (format_ == Format::png) {
    const auto st = cairo_surface_write_to_png(surface_, path_.c_str());
    if (st != CAIRO_STATUS_SUCCESS) throw std::runtime_error("cannot write '" + path_.string() + "': " + cairo_status_to_string(st));
  } else {
    cairo_show_page(cr_);
    cairo_surface_finish(surface_);
    if (cairo_surface_status(surface_) != CAIRO_STATUS_SUCCESS)
      throw std::runtime_error("cannot write '" + path_.string() + "': " + cairo_status_to_string(cairo_surface_status(surface_)));
  }
  finished_ = true;
}

double tick_step(double range, int max_ticks) {
  if (range <= 0) return 1.0;
  const double raw = range / max_ticks;
  const double p = std::pow(10.0, std::floor(std::log10(raw)));
  for (const double m : {1.0, 2.0, 5.0, 10.0})
    if (m * p >= raw) return m * p;
  return 10.0 * p;
}

Chart::Chart(Canvas& c, double x, double y, double w, double h, double x0, double x1, double y0, double y1)
    : c_(c), x_(x), y_(y), w_(w), h_(h), x0_(x0), x1_(x1 > x0 ? x1 : x0 + 1), y0_(y0), y1_(y1 > y0 ? y1 : y0 + 1) {}

double Chart::px(double x) const { return x_ + (x - x0_) / (x1_ - x0_) * w_; }
double Chart::py(double y) const { return y_ + h_ - (y - y0_) / (y1_ - y0_) * h_; }

std::vector<double> axis_ticks(double lo, double hi, int max_ticks, Ticks kind) {
  double step = tick_step(hi - lo, max_ticks);
  if (kind == Ticks::whole) step = std::max(1.0, std::round(step));
  std::vector<double> out;
  for (auto k = static_cast<long>(std::ceil(lo / step - 1e-9)); static_cast<double>(k) * step <= hi + 1e-9; ++k)
    out.push_back(static_cast<double>(k) * step);  // a multiple, not a sum: no drift
  return out;
}

void Chart::axes(const std::string& x_label, const std::string& y_label, const std::string& title, Ticks x_ticks) {
  auto* cr = c_.cr();
  cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
  cairo_set_line_width(cr, 0.8);
  cairo_rectangle(cr, x_, y_, w_, h_);
  cairo_stroke(cr);
  cairo_set_line_width(cr, 0.3);
  for (const double v : axis_ticks(x0_, x1_, 8, x_ticks)) {
    cairo_set_source_rgb(cr, 0.85, 0.85, 0.85);
    cairo_move_to(cr, px(v), y_);
    cairo_line_to(cr, px(v), y_ + h_);
    cairo_stroke(cr);
    const auto label = fmt::format("{:g}", v);
    c_.text(px(v) - c_.text_width(label, 7.5, false) / 2, y_ + h_ + 11, label, 7.5, false, {0.3, 0.3, 0.3});  // centred on its tick
  }
  for (const double v : axis_ticks(y0_, y1_, 5)) {
    cairo_set_source_rgb(cr, 0.85, 0.85, 0.85);
    cairo_move_to(cr, x_, py(v));
    cairo_line_to(cr, x_ + w_, py(v));
    cairo_stroke(cr);
    c_.text(x_ - 26, py(v) + 3, fmt::format("{:g}", v), 7.5, false, {0.3, 0.3, 0.3});
  }
  c_.text(x_ + w_ / 2 - 30, y_ + h_ + 24, x_label, 8.5);
  const auto heading = title + "   (" + y_label + ")";
  constexpr double kTitleSize = 10, kSmallestTitle = 7;
  c_.text(x_, y_ - 6, heading, c_.size_to_fit(heading, w_, kTitleSize, kSmallestTitle, true), true);
}

void Chart::line(const std::vector<double>& xs, const std::vector<double>& ys, Rgb colour, double width) {
  line_where(xs, ys, std::vector<bool>(xs.size(), true), colour, width);
}

void Chart::line_where(const std::vector<double>& xs, const std::vector<double>& ys, const std::vector<bool>& valid, Rgb colour, double width) {
  auto* cr = c_.cr();
  cairo_save(cr);
  cairo_rectangle(cr, x_, y_, w_, h_);
  cairo_clip(cr);
  cairo_set_source_rgb(cr, colour.r, colour.g, colour.b);
  cairo_set_line_width(cr, width);
  bool pen = false;
  for (std::size_t i = 0; i < xs.size(); ++i) {
    if (!valid[i]) {
      pen = false;
      continue;
    }
    if (pen) cairo_line_to(cr, px(xs[i]), py(ys[i]));
    else cairo_move_to(cr, px(xs[i]), py(ys[i]));
    pen = true;
  }
  cairo_stroke(cr);
  cairo_restore(cr);
}

void Chart::band(const std::vector<double>& xs, const std::vector<double>& lo, const std::vector<double>& hi, const std::vector<bool>& valid, Rgb colour) {
  auto* cr = c_.cr();
  cairo_save(cr);
  cairo_rectangle(cr, x_, y_, w_, h_);
  cairo_clip(cr);
  cairo_set_source_rgba(cr, colour.r, colour.g, colour.b, 0.25);
  std::size_t i = 0;
  while (i < xs.size()) {
    if (!valid[i]) { ++i; continue; }
    std::size_t j = i;
    while (j < xs.size() && valid[j]) ++j;
    cairo_move_to(cr, px(xs[i]), py(hi[i]));
    for (std::size_t k = i; k < j; ++k) cairo_line_to(cr, px(xs[k]), py(hi[k]));
    for (std::size_t k = j; k-- > i;) cairo_line_to(cr, px(xs[k]), py(lo[k]));
    cairo_close_path(cr);
    cairo_fill(cr);
    i = j;
  }
  cairo_restore(cr);
}

void Chart::span(double a, double b, Rgb colour, double alpha) {
  auto* cr = c_.cr();
  cairo_set_source_rgba(cr, colour.r, colour.g, colour.b, alpha);
  cairo_rectangle(cr, px(a), y_, px(b) - px(a), h_);
  cairo_fill(cr);
}

void Chart::hline(double y, Rgb colour, const std::string& label) {
  auto* cr = c_.cr();
  cairo_set_source_rgb(cr, colour.r, colour.g, colour.b);
  cairo_set_line_width(cr, 0.8);
  const double dash[] = {4.0, 3.0};
  cairo_set_dash(cr, dash, 2, 0);
  cairo_move_to(cr, x_, py(y));
  cairo_line_to(cr, x_ + w_, py(y));
  cairo_stroke(cr);
  cairo_set_dash(cr, nullptr, 0, 0);
  c_.text(x_ + w_ - 90, py(y) - 3, label, 7.5, false, colour);
}

void Chart::points(const std::vector<double>& xs, const std::vector<double>& ys, Rgb colour, double radius) {
  auto* cr = c_.cr();
  cairo_set_source_rgb(cr, colour.r, colour.g, colour.b);
  for (std::size_t i = 0; i < xs.size(); ++i) {
    cairo_new_sub_path(cr);  // each dot on its own, joined to nothing before it
    cairo_arc(cr, px(xs[i]), py(ys[i]), radius, 0, 2 * M_PI);
    cairo_fill(cr);
  }
}

void Chart::bars(const std::vector<double>& xs, const std::vector<double>& ys, double width, Rgb colour) {
  auto* cr = c_.cr();
  cairo_set_source_rgb(cr, colour.r, colour.g, colour.b);
  for (std::size_t i = 0; i < xs.size(); ++i) {
    cairo_rectangle(cr, px(xs[i] - width / 2), py(ys[i]), px(xs[i] + width / 2) - px(xs[i] - width / 2), py(y0_) - py(ys[i]));
    cairo_fill(cr);
  }
}

void Chart::ticks(const std::vector<double>& xs, Rgb colour) {
  auto* cr = c_.cr();
  cairo_set_source_rgb(cr, colour.r, colour.g, colour.b);
  cairo_set_line_width(cr, 0.6);
  for (const double x : xs) {
    cairo_move_to(cr, px(x), y_ + h_);
    cairo_line_to(cr, px(x), y_ + h_ - 8);
  }
  cairo_stroke(cr);
}

}  // namespace bfr::report

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

}  // namespace bfr::report

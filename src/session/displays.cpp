#include <fmt/format.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>

#include "session/display.hpp"
#include "session/status_line.hpp"

namespace bfr::session {

namespace {

std::string band_text(const LiveView& v) {
  if (!v.setpoint_mmHg) return fmt::format("{:5.0f} mmHg", v.pressure_mmHg);
  return fmt::format("{:5.0f} mmHg {}", v.pressure_mmHg, target_and_band(*v.setpoint_mmHg));
}

using ansi::kRed;
using ansi::kReset;
using ansi::kYellow;

// The terminal's width now (it may be resized during a session); 80 where it cannot be told.
int terminal_columns() {
  winsize w{};
  if (::ioctl(STDOUT_FILENO, TIOCGWINSZ, &w) == 0 && w.ws_col > 0) return w.ws_col;
  if (const char* c = std::getenv("COLUMNS")) {
    const int n = std::atoi(c);
    if (n > 0) return n;
  }
  return 80;
}

class LiveDisplay final : public Display {
 public:
  void show(const LiveView& v) override {
    const auto now = std::chrono::steady_clock::now();
    if (now - last_ < std::chrono::milliseconds(100)) return;  // 10 redraws a second
    last_ = now;
    fmt::print("\r\033[K{}", status_line(v, terminal_columns()));
    std::fflush(stdout);
    drawn_ = true;
  }
  void say(Level level, const std::string& text) override {
    clear_line();
    const char* colour = level == Level::alarm ? kRed : level == Level::warning ? kYellow : "";
    fmt::print("{}{}{}\n", colour, text, *colour ? kReset : "");
    std::fflush(stdout);
  }
  void prompt(const std::string& question, AnswerKind kind) override {
    clear_line();
    fmt::print("{}{} ", question, kind == AnswerKind::yes_no ? " [y/n]" : "");
    std::fflush(stdout);
  }

 private:
  void clear_line() {
    if (drawn_) fmt::print("\r\033[K");
    drawn_ = false;
  }
  std::chrono::steady_clock::time_point last_{};
  bool drawn_ = false;
};

class PlainDisplay final : public Display {
 public:
  void show(const LiveView& v) override {
    // A line when the stage changes and every 5 s within it.
    if (v.stage == stage_ && std::chrono::steady_clock::now() - last_ < std::chrono::seconds(5)) return;
    stage_ = v.stage;
    last_ = std::chrono::steady_clock::now();
    fmt::print("{}: {}{}{}{}\n", v.stage, band_text(v), v.reps > 0 ? fmt::format(", rep {}/{}", v.rep, v.reps) : "",
               v.step == Step::hold ? ", " + time_left(v.seconds_left) + " left" : "", v.alarm ? ", ALARM" : "");
    std::fflush(stdout);
  }
  void say(Level level, const std::string& text) override {
    fmt::print("{}{}\n", level == Level::alarm ? "ALARM: " : level == Level::warning ? "warning: " : "", text);
    std::fflush(stdout);
  }
  void prompt(const std::string& question, AnswerKind kind) override {
    fmt::print("{}{}\n", question, kind == AnswerKind::yes_no ? " [y/n]" : "");
    std::fflush(stdout);
  }

 private:
  std::string stage_;
  std::chrono::steady_clock::time_point last_{};
};

}  // namespace

const char* to_string(AnswerKind k) {
  switch (k) {
    case AnswerKind::pain_0_10: return "pain_0_10";
    case AnswerKind::yes_no: return "yes_no";
    case AnswerKind::effort_0_10: return "effort_0_10";
  }
  return "?";
}

const char* to_string(Step s) {
  switch (s) {
    case Step::starting: return "starting";
    case Step::day_check: return "day_check";
    case Step::measuring_lop: return "measuring_lop";
    case Step::refill: return "refill";
    case Step::inflating: return "inflating";
    case Step::set: return "set";
    case Step::rest: return "rest";
    case Step::hold: return "hold";
    case Step::deflating: return "deflating";
    case Step::paused: return "paused";
    case Step::effort: return "effort";
    case Step::pain: return "pain";
    case Step::ended: return "ended";
  }
  return "?";
}

std::unique_ptr<Display> make_live_display() { return std::make_unique<LiveDisplay>(); }
std::unique_ptr<Display> make_plain_display() { return std::make_unique<PlainDisplay>(); }

}  // namespace bfr::session

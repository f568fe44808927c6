#pragma once
// The person running a session, as the session sees them: answers typed (pain scores) and
// controls (pause, resume, stop). At a terminal the answers come from standard input and stop
// is Ctrl-C; in the clinic web app both come from the browser.

#include <deque>
#include <mutex>
#include <optional>
#include <string>

namespace bfr::session {

enum class Control { pause, resume, stop };

class Operator {
 public:
  virtual ~Operator() = default;
  // A complete line, if one is there; an empty inner optional when input has ended. Never blocks.
  virtual std::optional<std::optional<std::string>> answer() = 0;
  // A control, if one was given. Never blocks.
  virtual std::optional<Control> control() = 0;
};

// Answers from a file descriptor (standard input), stop from Ctrl-C (session/interrupt.hpp).
class TerminalOperator final : public Operator {
 public:
  explicit TerminalOperator(int fd = 0) : fd_(fd) {}
  std::optional<std::optional<std::string>> answer() override;
  std::optional<Control> control() override;

 private:
  int fd_;
  std::string partial_;
  bool ended_ = false;
};

// Answers and controls posted from other threads (the web app's requests).
class QueuedOperator final : public Operator {
 public:
  void post_answer(std::string line);
  void post_control(Control c);
  std::optional<std::optional<std::string>> answer() override;
  std::optional<Control> control() override;

 private:
  mutable std::mutex mutex_;
  std::deque<std::string> answers_;
  std::deque<Control> controls_;
};

}  // namespace bfr::session

#pragma once
// A display for watchers elsewhere (the web app's live page): keeps the latest view, the
// messages said so far (numbered, so a watcher asks only for new ones), the question waiting
// for an answer, and the end. Thread safe: the session writes, any number of watchers read.

#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "session/display.hpp"

namespace bfr::session {

struct Broadcast {
  LiveView view;
  std::vector<std::pair<Level, std::string>> messages;  // from the index asked for
  std::size_t next_message = 0;                          // ask from here next time
  std::optional<std::string> question;
  AnswerKind answer_kind = AnswerKind::pain_0_10;  // what the question takes
  bool finished = false;
  std::string outcome;  // once finished
  std::string detail;   // and why, in words
};

class BroadcastDisplay final : public Display {
 public:
  void show(const LiveView& v) override;
  void say(Level level, const std::string& text) override;
  void prompt(const std::string& question, AnswerKind kind) override;
  void finish(const std::string& outcome, const std::string& detail);
  [[nodiscard]] Broadcast since(std::size_t first_message) const;

 private:
  mutable std::mutex mutex_;
  LiveView view_;
  std::vector<std::pair<Level, std::string>> messages_;
  std::optional<std::string> question_;
  AnswerKind answer_kind_ = AnswerKind::pain_0_10;
  bool finished_ = false;
  std::string outcome_;
  std::string detail_;
};

const char* to_string(Level l);

}  // namespace bfr::session

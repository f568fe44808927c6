#pragma once
// The day-of-session questions of the knowledge base (data/contraindications.json,
// day_of_session), in the form the guided session asks them. The terminal and the web app
// both take them from here, so the two ask the same questions.

#include <vector>

#include "clinic/knowledge_base.hpp"
#include "session/guided_session.hpp"

namespace bfr::session {

inline std::vector<DayCheckQuestion> day_checks_from(const clinic::KnowledgeBase& kb) {
  std::vector<DayCheckQuestion> out;
  for (const auto& c : kb.day_checks) out.push_back({c.id, c.question, c.why, c.seek_care});
  return out;
}

}  // namespace bfr::session

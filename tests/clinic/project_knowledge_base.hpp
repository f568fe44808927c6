#pragma once
// The project's own knowledge base (data/), loaded once for a test binary.

#include "clinic/knowledge_base.hpp"

namespace bfr::clinic::test_data {

inline const KnowledgeBase& project_kb() {
  static const KnowledgeBase k = load_knowledge_base(OPENBFR_DATA_DIR);
  return k;
}

}  // namespace bfr::clinic::test_data

#pragma once
// Every rule the clinical engine applies, in plain words with its sources, as one Markdown
// document for a clinician to review and sign off (docs/clinical-review.md is this text; a test
// keeps the two equal). Written from the knowledge base, so it cannot drift from what runs.

#include <string>

#include "clinic/knowledge_base.hpp"

namespace bfr::clinic {

std::string clinical_review(const KnowledgeBase& kb);

}  // namespace bfr::clinic

#pragma once
// Input checks at the clinical engine's boundary: the message names the field and the range.

#include <sstream>
#include <stdexcept>

namespace bfr::clinic {

inline void check_range(const char* field, double value, double lo, double hi) {
  if (value >= lo && value <= hi) return;
  std::ostringstream m;
  m << field << " is " << value << "; accepted range " << lo << " to " << hi;
  throw std::invalid_argument(m.str());
}

}  // namespace bfr::clinic

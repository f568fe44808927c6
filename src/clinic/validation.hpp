#pragma once
// Input checks at the clinical engine's boundary: the message names the field and the range.

#include <algorithm>
#include <sstream>
#include <stdexcept>
#include <string>

namespace bfr::clinic {

inline void check_range(const char* field, double value, double lo, double hi) {
  if (value >= lo && value <= hi) return;
  std::ostringstream m;
  m << field << " is " << value << "; accepted range " << lo << " to " << hi;
  throw std::invalid_argument(m.str());
}

// "a, b, c": the accepted values of a field, for its message.
template <class Range>
std::string joined(const Range& items) {
  std::string out;
  for (const auto& i : items) {
    if (!out.empty()) out += ", ";
    out += i;
  }
  return out;
}

template <class Range, class T>
bool contains(const Range& items, const T& value) {
  return std::find(std::begin(items), std::end(items), value) != std::end(items);
}

}  // namespace bfr::clinic

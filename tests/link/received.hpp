#pragma once
// What a device said, as a test reads it back: the messages of one kind, in order.

#include <vector>

#include "link/messages.hpp"

namespace bfr::link::testing {

template <class T>
std::vector<T> messages_of(const std::vector<Message>& received) {
  std::vector<T> v;
  for (const auto& m : received)
    if (const auto* x = std::get_if<T>(&m)) v.push_back(*x);
  return v;
}

}  // namespace bfr::link::testing

#pragma once
// One visitor from several lambdas, for std::visit over the phases, stages and values held in
// variants (freestanding: the core and the firmware use it too).

namespace bfr {

template <class... Ts>
struct Overloaded : Ts... {
  using Ts::operator()...;
};
template <class... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;

}  // namespace bfr

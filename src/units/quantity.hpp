#pragma once
// Zero-cost strong numeric types. A Quantity is made only through the named factories of its
// unit (mmHg(120), seconds(2), ...) so a bare double can never be taken for a pressure.
// Arithmetic that has no physical meaning (pressure + volume, instant + instant) does not compile.
// The idea follows RespiraWorks/Ventilator's units.h; the code is ours.

#include <compare>

namespace bfr::units {

// Derived is the concrete unit type (CRTP) so operators return it and never a base.
template <class Derived>
class Quantity {
 public:
  constexpr Quantity() = default;

  // The value in the type's canonical unit (documented on each type). Only units.hpp and
  // serialisation code should need this; everyone else uses the named accessors.
  [[nodiscard]] constexpr double raw() const { return value_; }
  static constexpr Derived from_raw(double v) {
    Derived d;
    d.value_ = v;
    return d;
  }

  friend constexpr Derived operator+(Derived a, Derived b) { return from_raw(a.value_ + b.value_); }
  friend constexpr Derived operator-(Derived a, Derived b) { return from_raw(a.value_ - b.value_); }
  friend constexpr Derived operator-(Derived a) { return from_raw(-a.value_); }
  friend constexpr Derived operator*(Derived a, double k) { return from_raw(a.value_ * k); }
  friend constexpr Derived operator*(double k, Derived a) { return from_raw(a.value_ * k); }
  friend constexpr Derived operator/(Derived a, double k) { return from_raw(a.value_ / k); }
  // The ratio of two quantities of one kind is a plain number.
  friend constexpr double operator/(Derived a, Derived b) { return a.value_ / b.value_; }
  constexpr Derived& operator+=(Derived b) {
    value_ += b.value_;
    return static_cast<Derived&>(*this);
  }
  constexpr Derived& operator-=(Derived b) {
    value_ -= b.value_;
    return static_cast<Derived&>(*this);
  }
  friend constexpr auto operator<=>(Quantity a, Quantity b) = default;

 private:
  double value_ = 0.0;
};

template <class Q>
constexpr Q abs(Q q) {
  return q.raw() < 0.0 ? Q::from_raw(-q.raw()) : q;
}
template <class Q>
constexpr Q min(Q a, Q b) {
  return b < a ? b : a;
}
template <class Q>
constexpr Q max(Q a, Q b) {
  return a < b ? b : a;
}
template <class Q>
constexpr Q clamp(Q v, Q lo, Q hi) {
  return v < lo ? lo : (hi < v ? hi : v);
}

}  // namespace bfr::units

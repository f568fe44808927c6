#pragma once
// Writes a run's trace as CSV: measured columns beside ground-truth ("true_") columns.

#include <ostream>

#include "rig/runner.hpp"

namespace bfr::rig {

class TraceCsvWriter {
 public:
  explicit TraceCsvWriter(std::ostream& out);
  void write(const TraceRow& row);

 private:
  std::ostream& out_;
};

}  // namespace bfr::rig

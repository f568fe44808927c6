#pragma once
// Samples kept as compressed blocks (docs/storage.md, "Sample blocks"), the same on every
// backend: a backend only stores and finds a session's blocks by their first time; what goes
// into which block is decided here once.
//
// A session's blocks never overlap in time. New samples fill the session's last block up to
// kBlockSamples and then start new ones; the last block is rewritten with each batch, inside the
// batch's transaction, so a crash loses no more than before (the batch being written). A sample
// at a time already stored is ignored; one that arrives late joins the block that covers its time
// (a block that grows past twice the length that way is split).

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "store/records.hpp"

namespace bfr::store {

// Five seconds at 100 Hz: larger blocks compress better, and the last one is rewritten with
// each half-second batch (bfr bench store measures sizes from 50 to 2000).
inline constexpr std::size_t kBlockSamples = 500;

struct SampleBlock {
  std::int64_t t_first = 0;
  std::int64_t t_last = 0;
  std::int64_t count = 0;
  std::vector<std::uint8_t> data;  // sample_codec.hpp
};

// A backend's table of blocks. Calls come inside the caller's transaction.
class SampleBlockTable {
 public:
  virtual ~SampleBlockTable() = default;
  // The block with the latest first time at or before t; with none, the session's first block.
  virtual std::optional<SampleBlock> block_for(Id session, std::int64_t t) = 0;
  virtual std::optional<SampleBlock> last_block(Id session) = 0;
  // The first time of the next block after the one that starts at t.
  virtual std::optional<std::int64_t> next_block_start(Id session, std::int64_t t_first) = 0;
  // Blocks holding any sample after t, in time order.
  virtual std::vector<SampleBlock> blocks_after(Id session, std::int64_t t) = 0;
  virtual void insert(Id session, const SampleBlock& block) = 0;
  // The block that started at `t_first` becomes `block` (one statement: a round trip counts).
  virtual void replace(Id session, std::int64_t t_first, const SampleBlock& block) = 0;
};

// Adds samples in any order; those at a time already stored are ignored.
void write_samples(SampleBlockTable& table, Id session, std::span<const Sample> samples);
std::vector<Sample> read_samples_after(SampleBlockTable& table, Id session, std::int64_t after_t_ms);

// A block made from samples in strictly increasing time.
SampleBlock make_block(std::span<const Sample> samples);

}  // namespace bfr::store

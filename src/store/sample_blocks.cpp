#include "store/sample_blocks.hpp"

#include <algorithm>

#include "store/sample_codec.hpp"

namespace bfr::store {

namespace {

bool earlier(const Sample& a, const Sample& b) { return a.t_ms < b.t_ms; }
bool same_time(const Sample& a, const Sample& b) { return a.t_ms == b.t_ms; }

// The block's samples with `more` added; a time the block already has keeps its stored sample.
std::vector<Sample> merged(const SampleBlock& block, std::span<const Sample> more) {
  auto out = decode_samples(block.data);
  const auto stored = out.size();
  out.insert(out.end(), more.begin(), more.end());
  std::inplace_merge(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(stored), out.end(), earlier);
  out.erase(std::unique(out.begin(), out.end(), same_time), out.end());  // unique keeps the first: the stored one
  return out;
}

// The block becomes `samples`; a late merge that made it more than twice the length is split.
void rewrite(SampleBlockTable& table, Id session, const SampleBlock& old, std::span<const Sample> samples) {
  if (static_cast<std::int64_t>(samples.size()) == old.count) return;  // nothing new
  const auto first = samples.size() > 2 * kBlockSamples ? kBlockSamples : samples.size();
  table.replace(session, old.t_first, make_block(samples.first(first)));
  for (samples = samples.subspan(first); !samples.empty(); samples = samples.subspan(std::min(kBlockSamples, samples.size())))
    table.insert(session, make_block(samples.first(std::min(kBlockSamples, samples.size()))));
}

// Late samples (at or before the last stored time) join the block that covers their time. They
// are sorted, and blocks do not overlap, so each block's share is one run.
void write_late(SampleBlockTable& table, Id session, std::span<const Sample> late) {
  while (!late.empty()) {
    const auto block = table.block_for(session, late.front().t_ms);
    if (!block) return;  // cannot happen: late samples exist only when a block does
    const auto next = table.next_block_start(session, block->t_first);
    const auto end = next ? std::find_if(late.begin(), late.end(), [&](const Sample& s) { return s.t_ms >= *next; }) : late.end();
    const auto share = late.first(static_cast<std::size_t>(end - late.begin()));
    rewrite(table, session, *block, merged(*block, share));
    late = late.subspan(share.size());
  }
}

// `last` is the session's last block as it stands now.
void append(SampleBlockTable& table, Id session, std::span<const Sample> fresh, const std::optional<SampleBlock>& last) {
  if (fresh.empty()) return;
  if (last && static_cast<std::size_t>(last->count) < kBlockSamples) {
    const auto room = std::min(fresh.size(), kBlockSamples - static_cast<std::size_t>(last->count));
    rewrite(table, session, *last, merged(*last, fresh.first(room)));
    fresh = fresh.subspan(room);
  }
  while (!fresh.empty()) {
    const auto n = std::min(fresh.size(), kBlockSamples);
    table.insert(session, make_block(fresh.first(n)));
    fresh = fresh.subspan(n);
  }
}

}  // namespace

SampleBlock make_block(std::span<const Sample> samples) {
  return {samples.front().t_ms, samples.back().t_ms, static_cast<std::int64_t>(samples.size()), encode_samples(samples)};
}

void write_samples(SampleBlockTable& table, Id session, std::span<const Sample> samples) {
  if (samples.empty()) return;
  std::vector<Sample> sorted;
  sorted.reserve(samples.size());
  for (const auto& s : samples) sorted.push_back(quantised(s));
  std::stable_sort(sorted.begin(), sorted.end(), earlier);
  sorted.erase(std::unique(sorted.begin(), sorted.end(), same_time), sorted.end());
  const auto last = table.last_block(session);
  const auto first_fresh =
      last ? std::upper_bound(sorted.begin(), sorted.end(), last->t_last, [](std::int64_t t, const Sample& s) { return t < s.t_ms; })
           : sorted.begin();
  const std::span<const Sample> all(sorted);
  const auto late = all.first(static_cast<std::size_t>(first_fresh - sorted.begin()));
  write_late(table, session, late);
  // The last block read above is still current unless late samples rewrote it (read once a
  // batch: on PostgreSQL it is a round trip and the block's bytes).
  append(table, session, all.subspan(late.size()), late.empty() ? last : table.last_block(session));
}

std::vector<Sample> read_samples_after(SampleBlockTable& table, Id session, std::int64_t after_t_ms) {
  const auto blocks = table.blocks_after(session, after_t_ms);
  std::size_t total = 0;
  for (const auto& block : blocks) total += static_cast<std::size_t>(block.count);
  std::vector<Sample> out;
  out.reserve(total);  // one allocation for the whole chart, not a growing copy of it
  for (const auto& block : blocks) {
    const auto samples = decode_samples(block.data);
    const auto from = std::upper_bound(samples.begin(), samples.end(), after_t_ms,
                                       [](std::int64_t t, const Sample& s) { return t < s.t_ms; });
    out.insert(out.end(), from, samples.end());
  }
  return out;
}

}  // namespace bfr::store

// Writes seed blocks for the sample block fuzzer: slices of a synthetic session, each encoded with
// and without zstd, by the store's own encoder.

#include <fstream>
#include <span>
#include <string>

#include "store/bench/synthetic_session.hpp"
#include "store/sample_codec.hpp"

int main(int argc, char** argv) {
  if (argc != 2) return 2;
  const auto samples = bfr::store::synthetic_samples({});
  const std::span<const bfr::store::Sample> all(samples);
  int n = 0;
  for (const std::size_t at : {0UL, 4000UL, 15000UL}) {
    for (const std::size_t count : {1UL, 7UL, 60UL}) {
      for (const auto& block : {bfr::store::encode_samples(all.subspan(at, count)), bfr::store::encode_samples_uncompressed(all.subspan(at, count))}) {
        std::ofstream(std::string(argv[1]) + "/seed-" + std::to_string(n++), std::ios::binary)
            .write(reinterpret_cast<const char*>(block.data()), static_cast<std::streamsize>(block.size()));
      }
    }
  }
  return 0;
}

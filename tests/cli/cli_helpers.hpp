#pragma once
// Running the bfr binary (and any shell command line) from a test, as a user would.

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <string>

namespace bfr::test {

struct Result {
  int exit_code;
  std::string out;  // stdout and stderr together
};

// Runs a shell command line and collects what it prints and how it exits.
inline Result shell(const std::string& cmd) {
  FILE* pipe = popen(cmd.c_str(), "r");
  if (!pipe) return {-1, ""};
  std::string out;
  std::array<char, 4096> buf{};
  while (auto n = fread(buf.data(), 1, buf.size(), pipe)) out.append(buf.data(), n);
  const int status = pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

// Runs bfr; by default its stderr is merged into the output, else discarded (for --json).
inline Result bfr(const std::string& args, bool with_stderr = true) {
  return shell(std::string(BFR_BINARY) + " " + args + (with_stderr ? " 2>&1" : " 2>/dev/null"));
}

}  // namespace bfr::test

# Warnings are errors everywhere in our own code (shared/DESIGN.md, Practices).
add_library(openbfr_warnings INTERFACE)
target_compile_options(openbfr_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wconversion -Wsign-conversion -Wshadow -Wnon-virtual-dtor
  -Wold-style-cast -Wcast-align -Wunused -Woverloaded-virtual -Wnull-dereference
  -Wdouble-promotion -Wformat=2 -Wimplicit-fallthrough -Werror)

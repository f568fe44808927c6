# Warnings are errors everywhere in our own code (shared/DESIGN.md, Practices).
add_library(openbfr_warnings INTERFACE)
target_compile_options(openbfr_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wconversion -Wsign-conversion -Wshadow -Wnon-virtual-dtor
  -Wold-style-cast -Wcast-align -Wunused -Woverloaded-virtual -Wnull-dereference
  -Wdouble-promotion -Wformat=2 -Wimplicit-fallthrough -Werror)
# GCC 12 at -O3 reports a false -Wrestrict inside std::string's operator+ (GCC bug 105329,
# fixed in GCC 13); it is not about our code.
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
  target_compile_options(openbfr_warnings INTERFACE -Wno-restrict)
endif()

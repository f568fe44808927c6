# OPENBFR_SANITIZE=ON builds everything with AddressSanitizer and UndefinedBehaviorSanitizer;
# any report aborts the test that triggered it.
option(OPENBFR_SANITIZE "Build with address and undefined-behaviour sanitizers" OFF)
if(OPENBFR_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
endif()

// INVARIANT(c): a fuzz target's check; aborts (a libFuzzer crash with the input saved) when false.
#pragma once
#include <cstdio>
#include <cstdlib>

#define INVARIANT(c)                                                           \
  do {                                                                         \
    if (!(c)) {                                                                \
      std::fprintf(stderr, "invariant failed at line %d: %s\n", __LINE__, #c); \
      std::abort();                                                            \
    }                                                                          \
  } while (0)

#ifndef PARINDEX_CMALLOC_SHIM_H
#define PARINDEX_CMALLOC_SHIM_H
// glibc's mallopt, which the Glibc module does not export (Sources/parindex/MallocTuning.swift).
#include <malloc.h>
#endif

#ifndef PARINDEX_CZLIB_SHIM_H
#define PARINDEX_CZLIB_SHIM_H
#include <zlib.h>

// deflateInit2 and inflateInit2 are macros, which Swift does not import.
static inline int parindex_deflate_init_gzip(z_streamp stream, int level) {
    // 16 + 15 window bits: zlib writes the gzip header and the CRC-32 trailer itself.
    return deflateInit2(stream, level, Z_DEFLATED, 16 + 15, 8, Z_DEFAULT_STRATEGY);
}

static inline int parindex_inflate_init_gzip(z_streamp stream) {
    return inflateInit2(stream, 16 + 15);
}
#endif

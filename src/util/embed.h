/* Data built into the binary by herald_embed() in CMakeLists.txt: models
 * and default data files, as read-only bytes that live as long as the
 * program. Declare a blob once, then take its start and size. */
#ifndef HERALD_UTIL_EMBED_H
#define HERALD_UTIL_EMBED_H

#include <stddef.h>

/* Declares the blob NAME (herald_embed(module NAME file)). */
#define HERALD_BLOB_DECLARE(name)                                                                  \
    extern const unsigned char herald_blob_##name[];                                               \
    extern const unsigned char herald_blob_##name##_end[]

/* The blob's first byte; borrowed, never freed. */
#define HERALD_BLOB_DATA(name) ((const unsigned char *)herald_blob_##name)

/* The blob's size in bytes (the trailing NUL the assembler adds after the
 * end symbol is not counted, but it is there, so text blobs are C strings). */
#define HERALD_BLOB_SIZE(name) ((size_t)(herald_blob_##name##_end - herald_blob_##name))

#endif

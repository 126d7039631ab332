/*
 * sha256.h — SHA-256 (FIPS 180-4), for content hashes politrend persists:
 * ids of readouts that carry none, the checksums in a model bundle's
 * manifest, and the hash of the training data.  Written from the standard.
 */
#ifndef PT_SHA256_H
#define PT_SHA256_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
    uint32_t state[8];
    uint64_t length;      /* bytes hashed so far */
    unsigned char block[64];
    size_t used;          /* bytes waiting in block */
} sha256_ctx;

void sha256_init(sha256_ctx *ctx);
void sha256_update(sha256_ctx *ctx, const void *data, size_t len);
/* Writes the 32-byte digest. */
void sha256_final(sha256_ctx *ctx, unsigned char digest[32]);
/* Writes the digest of data[0..len) as 64 lowercase hex digits and a NUL. */
void sha256_hex(const void *data, size_t len, char hex[65]);
/* Formats a digest as 64 lowercase hex digits and a NUL. */
void sha256_to_hex(const unsigned char digest[32], char hex[65]);

#endif

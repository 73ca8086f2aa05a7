#ifndef RESEARCH_AGENT_COPENSSL_SHIM_H
#define RESEARCH_AGENT_COPENSSL_SHIM_H
#include <stddef.h>
#include <openssl/sha.h>

/// SHA-256 of `length` bytes at `data` into the 32 bytes at `digest`.
static inline void ra_sha256(const void *data, size_t length, unsigned char *digest) {
    SHA256((const unsigned char *)data, length, digest);
}
#endif

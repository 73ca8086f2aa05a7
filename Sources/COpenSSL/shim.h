#ifndef RESEARCH_AGENT_COPENSSL_SHIM_H
#define RESEARCH_AGENT_COPENSSL_SHIM_H
#include <stddef.h>
#include <openssl/evp.h>
#include <openssl/sha.h>

/// SHA-256 of `length` bytes at `data` into the 32 bytes at `digest`.
static inline void ra_sha256(const void *data, size_t length, unsigned char *digest) {
    SHA256((const unsigned char *)data, length, digest);
}

/// A new SHA-256 state with nothing hashed yet, or NULL when it cannot be made.
static inline EVP_MD_CTX *ra_sha256_new(void) {
    EVP_MD_CTX *state = EVP_MD_CTX_new();
    if (state != NULL && EVP_DigestInit_ex(state, EVP_sha256(), NULL) != 1) {
        EVP_MD_CTX_free(state);
        return NULL;
    }
    return state;
}

/// Hashes `length` more bytes at `data` into `state`; 1 on success.
static inline int ra_sha256_update(EVP_MD_CTX *state, const void *data, size_t length) {
    return EVP_DigestUpdate(state, data, length);
}

/// Makes `copy` (from ra_sha256_new) a copy of `state`; 1 on success.
static inline int ra_sha256_copy(EVP_MD_CTX *copy, const EVP_MD_CTX *state) {
    return EVP_MD_CTX_copy_ex(copy, state);
}

/// Writes the 32-byte digest of what `state` hashed; `state` is spent until copied over.
static inline int ra_sha256_final(EVP_MD_CTX *state, unsigned char *digest) {
    unsigned int length = 0;
    return EVP_DigestFinal_ex(state, digest, &length);
}

/// Frees a state from ra_sha256_new.
static inline void ra_sha256_free(EVP_MD_CTX *state) { EVP_MD_CTX_free(state); }
#endif

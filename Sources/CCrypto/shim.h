#ifndef BULLETIND_CCRYPTO_SHIM_H
#define BULLETIND_CCRYPTO_SHIM_H
// OpenSSL's libcrypto (installed with libpq-dev, which depends on libssl-dev): only the
// EVP digest interface is used, for SHA-256 with the CPU's SHA extensions where present.
#include <openssl/evp.h>
#endif

#ifndef BULLETIND_CLIBPQ_SHIM_H
#define BULLETIND_CLIBPQ_SHIM_H
// libpq's public header; pkg-config (libpq.pc) supplies the include path.
#include <libpq-fe.h>
#endif

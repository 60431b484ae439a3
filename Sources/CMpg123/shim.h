// libmpg123, from Debian's libmpg123-dev.
#ifndef SYNTHCAST_CMPG123_SHIM_H
#define SYNTHCAST_CMPG123_SHIM_H
#include <mpg123.h>
#endif

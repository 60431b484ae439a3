// libmp3lame, from Debian's libmp3lame-dev.
#ifndef SYNTHCAST_CLAME_SHIM_H
#define SYNTHCAST_CLAME_SHIM_H
#include <lame/lame.h>
#endif

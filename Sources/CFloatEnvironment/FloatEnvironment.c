// The functions are static inline in the header; SwiftPM needs a source file for the target.
#include "CFloatEnvironment.h"

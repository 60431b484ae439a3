#ifndef SYNTHCAST_FLOAT_ENVIRONMENT_H
#define SYNTHCAST_FLOAT_ENVIRONMENT_H

// The CPU's floating-point control for the calling thread: Swift has no way to read or
// write it. The synthesizer sets flush-to-zero and denormals-are-zero while it renders,
// because a decaying recursion that reaches subnormal numbers runs an order of magnitude
// slower on x86 and sounds no different from zero.

#if defined(__x86_64__) || defined(__i386__)
#include <xmmintrin.h>

typedef unsigned int synthcast_float_mode;

/// Sets flush-to-zero and denormals-are-zero (MXCSR bits 15 and 6); returns the old mode.
static inline synthcast_float_mode synthcast_flush_denormals(void) {
    synthcast_float_mode old = _mm_getcsr();
    if ((old & 0x8040) != 0x8040) _mm_setcsr(old | 0x8040);
    return old;
}

static inline void synthcast_restore_float_mode(synthcast_float_mode old) {
    if (_mm_getcsr() != old) _mm_setcsr(old);
}

#elif defined(__aarch64__)
typedef unsigned long synthcast_float_mode;

/// Sets FPCR.FZ (bit 24): subnormal inputs and results flush to zero.
static inline synthcast_float_mode synthcast_flush_denormals(void) {
    synthcast_float_mode old;
    __asm__ volatile("mrs %0, fpcr" : "=r"(old));
    if (!(old & (1UL << 24))) __asm__ volatile("msr fpcr, %0" : : "r"(old | (1UL << 24)));
    return old;
}

static inline void synthcast_restore_float_mode(synthcast_float_mode old) {
    __asm__ volatile("msr fpcr, %0" : : "r"(old));
}

#else
typedef unsigned int synthcast_float_mode;
static inline synthcast_float_mode synthcast_flush_denormals(void) { return 0; }
static inline void synthcast_restore_float_mode(synthcast_float_mode old) { (void)old; }
#endif

#endif

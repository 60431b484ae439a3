#ifndef ALLOCATION_COUNTER_H
#define ALLOCATION_COUNTER_H

/// Starts counting malloc-family calls made by the calling thread.
void allocation_counter_start(void);

/// Stops counting and returns how many malloc, calloc, realloc, memalign,
/// posix_memalign and aligned_alloc calls this thread made since the start.
long allocation_counter_stop(void);

#endif

//! Keeping the resident memory of a run near what it uses.
//!
//! A run allocates each article's text and tokens on one thread and frees them on another,
//! while a little state per article and per outlet lives to the end. glibc's malloc gives each
//! thread its own arena and keeps what is freed in them: measured on Article-Bias-Prediction
//! (docs/PERFORMANCE.md), the resident memory was about 1.5 times what the heap held, and grew
//! with the corpus. [`tune`] caps the arenas at two (the threads still allocate in parallel)
//! and gives blocks of a megabyte or more their own mappings; [`release`] hands freed memory
//! back to the system between the passes of a run. Both do nothing on other platforms and
//! allocators.

/// Arenas of glibc's malloc.
const ARENAS: i32 = 2;

/// Blocks of at least this many bytes are mapped on their own, and unmapped when freed.
///
/// glibc's default is a threshold that starts at 128 KiB and rises to the size of the largest
/// mapped block freed so far (up to 32 MiB), and the free space it keeps at the top of a heap
/// rises with it to twice that. After the first large buffers of a run (a batch of documents,
/// a table's columns) are freed, later ones come from the heaps and their space stays
/// resident: at the end of a run on Article-Bias-Prediction, 140 MB of a 285 MB peak was free
/// memory held by malloc. A fixed threshold keeps the large, short-lived buffers out of the
/// heaps: alone, it took the peak to about 255 MB, and its growth on the corpus doubled from
/// 10 % to 5 % (docs/PERFORMANCE.md, session 6), for about 0.4 s more system time in mapping
/// and unmapping.
const MMAP_THRESHOLD: i32 = 1 << 20;

/// Caps glibc's malloc arenas at two and fixes the threshold of mapped blocks
/// ([`MMAP_THRESHOLD`]). Call before any thread is started.
pub fn tune() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets malloc parameters; it is called before any other thread
    // exists, as glibc asks.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, ARENAS);
        libc::mallopt(libc::M_MMAP_THRESHOLD, MMAP_THRESHOLD);
    }
}

/// Returns the free memory of every arena to the system (glibc's `malloc_trim`): call after
/// a pass whose working memory is freed, so that it does not stay resident.
pub fn release() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim has no preconditions; it only releases free pages.
    unsafe {
        libc::malloc_trim(0);
    }
}

//! Keeping the resident memory of a run near what it uses.
//!
//! A run allocates each article's text and tokens on one thread and frees them on another,
//! while a little state per article and per outlet lives to the end. glibc's malloc gives each
//! thread its own arena and keeps what is freed in them: measured on Article-Bias-Prediction
//! (docs/PERFORMANCE.md), the resident memory was about 1.5 times what the heap held, and grew
//! with the corpus. [`limit_arenas`] caps the arenas at two (the threads still allocate in
//! parallel); [`release`] hands freed memory back to the system between the passes of a run.
//! Both do nothing on other platforms and allocators.

/// Caps glibc's malloc arenas at two. Call before any thread is started.
pub fn limit_arenas() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets a malloc parameter; it is called before any other thread
    // exists, as glibc asks.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 2);
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

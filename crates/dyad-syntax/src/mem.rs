//! Memory placement for the weight tables.
//!
//! Why: scoring is a stream of random probes into ~30 MB of tables. With
//! 4 KiB pages nearly every probe also misses the TLB; on Linux we ask for
//! transparent huge pages (2 MiB) for the big tables, which removes most of
//! those page walks. Elsewhere, or when the kernel says no, nothing changes.

/// A copy of `s` in memory advised for huge pages (see the module docs).
pub(crate) fn huge_copy<T: Copy>(s: &[T]) -> Vec<T> {
    let mut v = Vec::with_capacity(s.len());
    advise_huge(v.as_ptr() as usize, std::mem::size_of_val(s));
    v.extend_from_slice(s);
    v
}

#[cfg(target_os = "linux")]
fn advise_huge(addr: usize, bytes: usize) {
    // Tables smaller than this stay on ordinary pages.
    const HUGE_MIN_BYTES: usize = 4 << 20;
    if bytes < HUGE_MIN_BYTES {
        return;
    }
    const PAGE: usize = 4096;
    let start = (addr + PAGE - 1) & !(PAGE - 1);
    let end = (addr + bytes) & !(PAGE - 1);
    if end > start {
        // SAFETY: [start, end) lies inside the vector's own, not yet touched
        // allocation; MADV_HUGEPAGE only changes how the kernel backs those
        // pages, never their contents. A failure (no THP) is ignored.
        unsafe {
            libc::madvise(start as *mut libc::c_void, end - start, libc::MADV_HUGEPAGE);
        }
    }
}

#[cfg(not(target_os = "linux"))]
fn advise_huge(_addr: usize, _bytes: usize) {}

/// Asks the CPU to start loading `r`'s cache line without waiting for it.
#[inline(always)]
pub(crate) fn prefetch<T>(r: &T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: a prefetch is only a hint to the cache; it never faults and
    // reads nothing into the program. (Newer compilers deem it safe.)
    #[allow(unused_unsafe)]
    unsafe {
        use std::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
        _mm_prefetch::<_MM_HINT_T0>(r as *const T as *const i8);
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = r;
}

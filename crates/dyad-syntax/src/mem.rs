//! Memory placement for the weight tables.
//!
//! Why: scoring is a stream of random probes into ~36 MB of tables. With
//! 4 KiB pages nearly every probe also misses the TLB, and under a hypervisor
//! each of those page walks is itself several cache misses. On Linux the
//! tables of 512 KiB and more get memory of their own, aligned to 2 MiB and
//! advised for transparent huge pages, so the kernel can back all of each
//! table with huge pages (the TLB then holds every table at once). A table
//! that merely got `madvise` on ordinary heap memory had only its 2 MiB-aligned
//! middle on huge pages: about 22 of 36 MB, against 38 MB this way, and +6%
//! annotation speed. Elsewhere, or when the kernel says no, nothing changes.
use std::alloc::{alloc, dealloc, handle_alloc_error, Layout};
use std::ops::{Deref, DerefMut};
use std::ptr::NonNull;

/// Huge page size on x86-64 and aarch64 Linux (with 4 KiB base pages).
const HUGE_PAGE: usize = 2 << 20;
/// Tables smaller than this stay on ordinary pages.
const HUGE_MIN_BYTES: usize = 512 << 10;

/// A fixed-length table of plain values in memory of its own (see the
/// module docs). It derefs to a slice; its length never changes.
pub(crate) struct Table<T: Copy> {
    ptr: NonNull<T>,
    len: usize,
    /// How the memory was allocated; `None` for an empty table (no memory).
    layout: Option<Layout>,
}

// SAFETY: a `Table` owns its memory exclusively, like a `Box<[T]>`.
unsafe impl<T: Copy + Send> Send for Table<T> {}
// SAFETY: shared access only reads, like `&[T]`.
unsafe impl<T: Copy + Sync> Sync for Table<T> {}

impl<T: Copy> Table<T> {
    /// A copy of `s`, on huge pages where it is large enough and the OS offers them.
    pub(crate) fn huge(s: &[T]) -> Table<T> {
        let bytes = std::mem::size_of_val(s);
        let huge = cfg!(target_os = "linux") && bytes >= HUGE_MIN_BYTES;
        let layout = match huge {
            true => Layout::from_size_align(bytes.next_multiple_of(HUGE_PAGE), HUGE_PAGE)
                .unwrap_or_else(|_| Layout::for_value(s)),
            false => Layout::for_value(s),
        };
        Table::copy_with(s, layout, huge)
    }

    /// A copy of `s` on ordinary pages.
    pub(crate) fn new(s: &[T]) -> Table<T> {
        Table::copy_with(s, Layout::for_value(s), false)
    }

    fn copy_with(s: &[T], layout: Layout, advise: bool) -> Table<T> {
        if layout.size() == 0 {
            return Table::default();
        }
        // SAFETY: `layout` has a nonzero size and is at least as large and as
        // aligned as `s` (it is `s`'s own layout or a rounded-up one).
        let raw = unsafe { alloc(layout) } as *mut T;
        let Some(ptr) = NonNull::new(raw) else { handle_alloc_error(layout) };
        if advise {
            advise_huge(raw as usize, layout.size());
        }
        // SAFETY: the new block holds at least `s.len()` values of `T` and
        // cannot overlap `s`, which was allocated before it.
        unsafe { std::ptr::copy_nonoverlapping(s.as_ptr(), raw, s.len()) };
        Table { ptr, len: s.len(), layout: Some(layout) }
    }
}

impl<T: Copy> Default for Table<T> {
    fn default() -> Self {
        Table { ptr: NonNull::dangling(), len: 0, layout: None }
    }
}

impl<T: Copy> Drop for Table<T> {
    fn drop(&mut self) {
        if let Some(layout) = self.layout {
            // SAFETY: allocated in `copy_with` with this very layout.
            unsafe { dealloc(self.ptr.as_ptr() as *mut u8, layout) };
        }
    }
}

impl<T: Copy> Deref for Table<T> {
    type Target = [T];
    fn deref(&self) -> &[T] {
        // SAFETY: `ptr` points at `len` initialised values (or dangles with
        // `len` 0, which a slice allows), owned by `self`.
        unsafe { std::slice::from_raw_parts(self.ptr.as_ptr(), self.len) }
    }
}

impl<T: Copy> DerefMut for Table<T> {
    fn deref_mut(&mut self) -> &mut [T] {
        // SAFETY: as in `deref`, and `&mut self` makes the access exclusive.
        unsafe { std::slice::from_raw_parts_mut(self.ptr.as_ptr(), self.len) }
    }
}

impl<T: Copy> Clone for Table<T> {
    fn clone(&self) -> Self {
        match self.layout {
            Some(layout) => Table::copy_with(self, layout, layout.align() == HUGE_PAGE),
            None => Table::default(),
        }
    }
}

impl<T: Copy + std::fmt::Debug> std::fmt::Debug for Table<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Table({} values)", self.len)
    }
}

#[cfg(target_os = "linux")]
fn advise_huge(addr: usize, bytes: usize) {
    // SAFETY: [addr, addr + bytes) is a block just allocated and owned by the
    // caller; MADV_HUGEPAGE only changes how the kernel backs those pages,
    // never their contents. A failure (no THP) is ignored.
    unsafe {
        libc::madvise(addr as *mut libc::c_void, bytes, libc::MADV_HUGEPAGE);
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

/// Prefetches every cache line `s` touches.
#[inline(always)]
pub(crate) fn prefetch_lines<T>(s: &[T]) {
    let step = (64 / std::mem::size_of::<T>().max(1)).max(1);
    for x in s.iter().step_by(step) {
        prefetch(x);
    }
    // The slice need not start on a line, so its last line may be one more.
    if let Some(last) = s.last() {
        prefetch(last);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_hold_their_values_and_huge_ones_are_aligned() {
        let big: Vec<u64> = (0..(1u64 << 17)).map(|i| i * 7).collect();
        let t = Table::huge(&big);
        assert_eq!(&t[..], &big[..]);
        if cfg!(target_os = "linux") {
            assert_eq!(t.as_ptr() as usize % HUGE_PAGE, 0);
        }
        let mut c = t.clone();
        c[5] = 1;
        assert_eq!((t[5], c[5], c.len()), (35, 1, big.len()));
        let small = Table::new(&[1i16, -2, 3]);
        assert_eq!(&small[..], &[1, -2, 3]);
        let empty: Table<u32> = Table::huge(&[]);
        assert!(empty.is_empty() && Table::<u8>::default().is_empty());
    }
}

//! Byte offsets to code-point offsets: dyad's spans index text by code
//! point so that Python slicing yields the same words.

/// Maps byte offsets of a document to code-point offsets (the unit of the
/// JSON schema). ASCII documents map to themselves; others get, on first
/// use, a table of every char boundary's code-point index, so that a large
/// non-ASCII document costs one pass rather than one pass per event.
pub struct CharOffsets<'a> {
    text: &'a str,
    ascii: bool,
    /// `table[b]` = code points before byte `b` (only for char boundaries).
    table: std::cell::OnceCell<Vec<u32>>,
}

impl<'a> CharOffsets<'a> {
    pub fn new(text: &'a str) -> CharOffsets<'a> {
        CharOffsets { text, ascii: text.is_ascii(), table: std::cell::OnceCell::new() }
    }

    /// Code points before byte `byte` (a char boundary).
    pub fn at(&self, byte: u32) -> u32 {
        if self.ascii {
            return byte;
        }
        let table = self.table.get_or_init(|| {
            let mut t = vec![0u32; self.text.len() + 1];
            let mut chars = 0u32;
            for (b, _) in self.text.char_indices() {
                t[b] = chars;
                chars += 1;
            }
            t[self.text.len()] = chars;
            t
        });
        table.get(byte as usize).copied().unwrap_or(0)
    }
}

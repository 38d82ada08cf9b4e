//! Lenient reading of the pseudo-XML record files of PETRARCH's test and
//! validation sets (shared by the `gsr` and `petrarch` evaluations).

/// The value of attribute `name` in a tag's text, with either quote and
/// spaces around `=` (`noevents = "True"`).
pub(crate) fn attr(tag: &str, name: &str) -> Option<String> {
    let mut rest = tag;
    while let Some(i) = rest.find(name) {
        let after = &rest[i + name.len()..];
        let before_ok = i == 0 || rest[..i].ends_with(char::is_whitespace);
        let t = after.trim_start();
        if before_ok {
            if let Some(v) = t.strip_prefix('=') {
                let v = v.trim_start();
                let q = v.chars().next()?;
                if q == '"' || q == '\'' {
                    let end = v[1..].find(q)? + 1;
                    return Some(v[1..end].to_string());
                }
            }
        }
        rest = after;
    }
    None
}

/// `YYYYMMDD` → `YYYY-MM-DD`; `None` for anything else (some records carry
/// six-digit dates).
pub(crate) fn compact_date(raw: &str) -> Option<String> {
    (raw.len() == 8 && raw.bytes().all(|b| b.is_ascii_digit()))
        .then(|| format!("{}-{}-{}", &raw[..4], &raw[4..6], &raw[6..]))
}
